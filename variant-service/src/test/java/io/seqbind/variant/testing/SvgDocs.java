package io.seqbind.variant.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Parses SVG as XML (fails on anything not well-formed) and counts elements by class. */
public final class SvgDocs {

  private SvgDocs() {}

  public static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  public static int count(Document doc, String tag, String cssClass) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
    int n = 0;
    for (int i = 0; i < nodes.getLength(); i++) {
      if (cssClass.equals(((Element) nodes.item(i)).getAttribute("class"))) {
        n++;
      }
    }
    return n;
  }
}
