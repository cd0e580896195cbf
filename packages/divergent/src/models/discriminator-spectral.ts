// Spectral normalisation (Miyato et al. 2018, "Spectral Normalization for Generative
// Adversarial Networks"): a dense layer whose kernel is divided by its largest singular value
// σ(W), so every layer is 1-Lipschitz and the critic cannot grow arbitrarily steep.
//
// σ(W) is tracked by one step of power iteration per discriminator update, with the singular
// vectors u, v kept as non-trainable weights (so checkpoints hold them and a resumed run
// continues the same estimate). In the forward pass σ = vᵀ W u with u, v constants, whose
// gradient with respect to W is v uᵀ, as in the paper.
import * as tf from '@tensorflow/tfjs';

export interface SpectralDenseArgs {
  units: number;
  /** Seed of the kernel's Glorot-uniform and the singular vectors' normal initialisers. */
  seed: number;
  name?: string;
  inputShape?: number[];
}

function normalize(x: tf.Tensor): tf.Tensor {
  return tf.div(x, tf.add(tf.norm(x), 1e-12));
}

export class SpectralDense extends tf.layers.Layer {
  static readonly className = 'SpectralDense';
  private readonly units: number;
  private readonly seed: number;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;
  /** Right singular vector estimate, [units, 1]. */
  private u!: tf.LayerVariable;
  /** Left singular vector estimate, [inputDim, 1]. */
  private v!: tf.LayerVariable;

  constructor(args: SpectralDenseArgs) {
    super(args);
    this.units = args.units;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1] as number;
    this.kernel = this.addWeight('kernel', [inputDim, this.units], 'float32', tf.initializers.glorotUniform({ seed: this.seed }));
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    const unit = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 1, seed });
    this.u = this.addWeight('u', [this.units, 1], 'float32', unit(this.seed + 1), undefined, false);
    this.v = this.addWeight('v', [inputDim, 1], 'float32', unit(this.seed + 2), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  /** One power-iteration step: v <- W u / |W u|, u <- Wᵀ v / |Wᵀ v|. Called outside any gradient tape. */
  powerIteration(): void {
    tf.tidy(() => {
      const w = this.kernel.read();
      const v = normalize(tf.matMul(w, this.u.read()));
      this.v.write(v);
      this.u.write(normalize(tf.matMul(w, v, true, false)));
    });
  }

  /** The current estimate of σ(W). */
  sigma(): tf.Scalar {
    return tf.tidy(() => tf.matMul(tf.matMul(this.v.read(), this.kernel.read(), true, false), this.u.read()).reshape([]) as tf.Scalar);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const w = tf.div(this.kernel.read(), this.sigma());
      return tf.add(tf.matMul(x, w), this.bias.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, seed: this.seed };
  }
}

tf.serialization.registerClass(SpectralDense);

/** Advances the power iteration of every spectrally normalised layer of a model. */
export function updateSpectralNorms(model: tf.LayersModel): void {
  for (const layer of model.layers) if (layer instanceof SpectralDense) layer.powerIteration();
}
