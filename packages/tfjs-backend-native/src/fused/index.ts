// Fused ops: one native forward and one native backward pass each.
export { bceWithLogits } from './bce.js';
export { gaussianKlStdNormal } from './gaussian-kl.js';
export { reparameterize } from './reparameterize.js';
