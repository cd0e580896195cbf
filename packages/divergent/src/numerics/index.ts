// Numerical building blocks tfjs lacks, on tensors and differentiable.
export { lgamma, digamma, trigamma, lbeta } from './special.js';
export { cholesky } from './cholesky.js';
export { solveLowerTriangular } from './triangular-solve.js';
export { logSumExp, logSoftmax } from './log-sum-exp.js';
export { stopGradient } from './stop-gradient.js';
