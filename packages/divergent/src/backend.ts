// Selects the native CPU backend for TensorFlow.js when it is available. Importing
// divergent is enough: every tensor computation then runs on 'native'.
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAME, nativeAvailable, nativeLoadError } from '@divergent/tfjs-backend-native';

let ready: Promise<string> | null = null;

/** Makes 'native' the active backend (or leaves 'cpu' with the reason), once. Resolves to its name. */
export function initBackend(): Promise<string> {
  ready ??= (async () => {
    if (nativeAvailable) await tf.setBackend(BACKEND_NAME);
    else {
      await tf.setBackend('cpu');
      // The pure-JS backend prints an "install tfjs-node" banner on first use; our own
      // warning (from the native package) already said what to do.
      (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
    }
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

/** True when tensors run on the native backend. */
export function isNativeBackend(): boolean {
  return tf.getBackend() === BACKEND_NAME;
}

export { nativeAvailable, nativeLoadError };
