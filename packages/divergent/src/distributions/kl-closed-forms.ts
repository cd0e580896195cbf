// Registers every closed-form KL divergence. Imported once by kl.ts for its side effect.
import './kl-gaussian.js';
import './kl-discrete.js';
import './kl-gamma-family.js';
import './kl-continuous.js';
