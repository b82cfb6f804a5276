package io.seqbind.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The report's small formatting rules (the page itself is checked end to end in ReportCommandTest). */
class HtmlReportTest {

  @Test
  void calibrationSettingsAreShortAndReadable() {
    assertEquals("0.01657", HtmlReport.setting("0.016567429437887596"));
    assertEquals("1.791e-10", HtmlReport.setting("1.7913454115254268E-10"));
    assertEquals("1e-10", HtmlReport.setting("1.0E-10"));
    assertEquals("200", HtmlReport.setting("200"));
    assertEquals("0.5", HtmlReport.setting("0.5"));
    assertEquals("max", HtmlReport.setting("GLOBAL_POOL_MODE_MAX"));
    assertEquals("false", HtmlReport.setting("false"));
  }

  @Test
  void textIsEscaped() {
    assertEquals("a&lt;b&gt;&amp;&quot;&#39;", Html.escape("a<b>&\"'"));
  }
}
