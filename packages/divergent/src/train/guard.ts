// Training stops at the first non-finite metric: a NaN loss poisons every weight within a
// step or two, and a checkpoint written after that would overwrite the last good one.
import { DivergentInputError } from '../errors.js';

export class TrainingDivergedError extends DivergentInputError {
  constructor(message: string) {
    super('training', message);
  }
}

/** Where the loop is, for the message. */
export interface StepPosition {
  epoch: number;
  batch: number;
  batches: number;
  step: number;
}

/** Throws TrainingDivergedError naming the first metric that is NaN or infinite. */
export function assertFinite(metrics: Record<string, number>, at: StepPosition, lastGood: string): void {
  for (const [name, value] of Object.entries(metrics)) {
    if (!Number.isFinite(value)) {
      throw new TrainingDivergedError(
        `${name} became ${value} at epoch ${at.epoch}, batch ${at.batch} of ${at.batches} (step ${at.step}); ` +
          `training stopped. ${lastGood} Try a lower learning rate (--lr).`,
      );
    }
  }
}
