package io.seqbind.trainer.jobs;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.trainer.calibration.SearchSpace;
import io.seqbind.trainer.data.DataSource;
import io.seqbind.trainer.training.TrainOptions;
import java.util.List;

/**
 * A contract JobSpec read once into the engine's terms ({@link JobSpecs#plan}): everything the runner needs
 * before it reads the data, every unset value defaulted and every error named by the contract's field. The
 * runner goes from here to the engine in a straight line: load the data, size the head, train.
 *
 * @param options      the training settings (the engine's TrainConfig comes from {@link TrainOptions#trainConfig()})
 * @param architecture the layers, before the head is sized to the data
 * @param headTasks    architecture.head.task_count as given (0: take it from the data)
 * @param taskNames    dataset.task_names as given (empty: the data's column names)
 * @param train        the training data
 * @param test         the test data, or null
 * @param calibration  the calibration, or null when the job does not calibrate
 */
public record JobPlan(TrainOptions options, ModelSpec architecture, int headTasks, List<String> taskNames,
    DataSource train, DataSource test, Calibration calibration) {

  /**
   * training.calibration: {@code settings} settings sampled from the search space, each trained {@code steps}
   * steps on each of {@code folds} folds.
   *
   * @param explicitSpace the request's search space, or null for the optimizer's default one
   */
  public record Calibration(int settings, int folds, int steps, SearchSpace explicitSpace) {

    /** The space sampled for {@code spec} (the default space depends on the architecture). */
    public SearchSpace space(ModelSpec spec, TrainOptions options) {
      return explicitSpace != null ? explicitSpace : SearchSpace.defaultFor(spec, options.optimizer());
    }
  }
}
