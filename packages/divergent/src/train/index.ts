// The training infrastructure every model shares.
export { writeFileAtomic, writeJsonAtomic, replaceDirAtomic, existingDir } from './atomic.js';
export { fileSystemIO, saveLayersModel, loadLayersModel, confinedPath } from './fs-io.js';
export {
  saveCheckpoint,
  restoreCheckpoint,
  findCheckpoint,
  readCheckpointState,
  loadCheckpointModel,
  modelDir,
  CHECKPOINT_DIR,
  type CheckpointState,
  type CheckpointContents,
} from './checkpoint.js';
export { appendMetrics, readMetrics, truncateMetrics, METRICS_FILE, type MetricsLine } from './metrics-log.js';
export { TrainingDivergedError, assertFinite } from './guard.js';
export { TrainingProgress, formatMetrics } from './progress.js';
export { writeRunConfig, readRunConfig, CONFIG_FILE } from './config-file.js';
export { fit, type TrainTask, type FitOptions, type FitResult } from './loop.js';
