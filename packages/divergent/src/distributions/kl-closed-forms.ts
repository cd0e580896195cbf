// Registers every closed-form KL divergence. Imported once by kl.ts for its side effect.
import './kl-gaussian.js';
