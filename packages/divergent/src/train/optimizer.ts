// Adam for every model: the native backend's fused Adam when it is active (one kernel per
// variable instead of a dozen element-wise ops), else tfjs's own. Both keep the same slots
// (step count, first and second moments) and save and restore them through getWeights.
import { nativeAdam } from '@divergent/tfjs-backend-native';
import * as tf from '@tensorflow/tfjs';
import { isNativeBackend } from '../backend.js';

export interface AdamSettings {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export function makeAdam(s: AdamSettings): tf.Optimizer {
  const beta1 = s.beta1 ?? 0.9;
  const beta2 = s.beta2 ?? 0.999;
  const epsilon = s.epsilon ?? 1e-8;
  if (isNativeBackend()) return nativeAdam(s.lr, beta1, beta2, epsilon);
  return tf.train.adam(s.lr, beta1, beta2, epsilon);
}
