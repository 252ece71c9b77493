/**
 * The neural-process family's public interface. Every model (CNP, NP, ANP with any attention, stacked
 * multihead ANP) implements `NeuralProcess`; `createModel` in `models/index.ts` is the one factory.
 *
 * Shapes: x is [batch, points, xDim], y is [batch, points, yDim]; masks are [batch, points] with 1 for a
 * real point and 0 for padding, so one batch can mix sets of different sizes. Every method returns new
 * tensors that the caller owns (and must dispose); nothing else is left behind.
 */
import type * as tf from '@tensorflow/tfjs';

export type ModelKind = 'cnp' | 'np' | 'anp';
export type AttentionKind = 'uniform' | 'laplace' | 'dot' | 'multihead';
/**
 * What the decoder's mean is: the MLP's output alone ('none'); a plain residual added to the caller's
 * `targets.base` ('residual'); or, under any other name, a correction in units of σ added to the base
 * that the `MeanBaseStrategy` of that name computes (plus a learned gain times its detail term, if it
 * has one). The name is what configs and manifests store.
 */
export type MeanBase = string;

/** A classical estimate of y at the targets and, for strategies that have one, its detail term (both [B, Nt, yDim]). */
export interface MeanBasis {
  base: tf.Tensor3D;
  detail: tf.Tensor3D | null;
}

/**
 * A classical estimate of y that the decoder corrects, computed from a context set alone: not
 * trainable and constant under the gradient. Given to `createModel` / `deserializeModel`, which use
 * the one named by the config's `meanBase`.
 */
export interface MeanBaseStrategy {
  /** The config's `meanBase` that selects it. */
  readonly name: MeanBase;
  /** Whether `basis` gives a detail term; the decoder then predicts a gain for it (its output layer grows by yDim). */
  readonly withDetail: boolean;
  /**
   * The base at `targets.x` from `context` (the model's context, or `targets.basisContext` where the
   * caller gave one); `contextMask` [B, Nc] is the context's mask, all ones where it has none.
   */
  basis(context: ContextSet, contextMask: tf.Tensor2D, targets: TargetSet): MeanBasis;
}

export interface NPConfig {
  kind: ModelKind;
  xDim: number;
  yDim: number;
  /** Width of every MLP layer and of the representations r and s. */
  hidden: number;
  /** Hidden layers of the (x, y) encoders (each path has its own). */
  encoderLayers: number;
  /** Hidden layers of the decoder MLP. */
  decoderLayers: number;
  /** Size of the global latent z (ignored by the CNP). */
  latentDim: number;
  /** Cross-attention of the deterministic path (ANP); 'uniform' is mean pooling, as in the NP. */
  attention: AttentionKind;
  heads: number;
  /** Multihead self-attention layers on the context representations, in both paths (0 = plain ANP). */
  selfAttentionLayers: number;
  /** Laplace attention length scale (used when attention = 'laplace'). */
  laplaceScale: number;
  /**
   * Octaves of a sinusoidal encoding of x that the dot-product and multihead cross-attention embed
   * instead of raw x (0 or absent: raw x, as the reference). On a pixel grid it lets attention single
   * out a pixel within a short training budget.
   */
  positionBands?: number;
  /** The decoder's σ_y = minStd + (1 − minStd)·softplus(·), capped by the parametrisation. */
  minStd: number;
  /**
   * Where set, σ_y = minStd + (maxStd − minStd)·sigmoid(·) instead: the decoder's noise cannot exceed
   * it, so uncertainty about the function beyond that must be carried by the latent z (what Thompson
   * sampling draws). Absent in manifests written before it existed.
   */
  maxStd?: number;
  /**
   * 'none': μ is the decoder's output. 'residual': μ = targets.base + (the decoder's output), not
   * scaled by σ. Any other name: μ = (the strategy's base) + σ·(the decoder's correction) [+ g·(its
   * detail), g a per-point, per-channel gain the decoder predicts]; the decoder's last layer starts at
   * zero. Manifests written before this field existed read as 'none'.
   */
  meanBase: MeanBase;
  /**
   * Covariates every context point carries beside (x, y) (`ContextSet.features`), read by both
   * encoders — e.g. a description of the point's neighbourhood. 0: none.
   */
  contextFeatures: number;
  /** Covariates every target carries beside x (`TargetSet.features`), read by the decoder. 0: none. */
  targetFeatures: number;
}

export interface ContextSet {
  x: tf.Tensor3D;
  y: tf.Tensor3D;
  /** [batch, points]; omitted means every point is real. */
  mask?: tf.Tensor2D;
  /** [batch, points, contextFeatures]; required when the config has context features. */
  features?: tf.Tensor3D;
}

export interface TargetSet {
  x: tf.Tensor3D;
  /** Needed for losses; not for prediction. */
  y?: tf.Tensor3D;
  mask?: tf.Tensor2D;
  /** [batch, points, targetFeatures]; required when the config has target features. */
  features?: tf.Tensor3D;
  /**
   * [batch, points, yDim]: a classical estimate of y at these points that the caller computed with
   * more than the context shows (e.g. a fill solved over a whole image), used instead of the mean
   * base strategy's as the base the decoder corrects; NaN where the caller has none (the strategy's
   * is used there). Only for models with a mean base; required (and NaN-free) for 'residual'.
   */
  base?: tf.Tensor3D;
  /**
   * The points the mean base strategy reads instead of the context: a superset the caller has but
   * the encoder need not see (e.g. a tile's frame plus the reach of the strategy's kernel around its
   * targets). Only for models with a strategy's mean base.
   */
  basisContext?: ContextSet;
}

export interface Prediction {
  /** [batch, targets, yDim] (or [k, batch, targets, yDim] from `sample`). */
  mean: tf.Tensor;
  std: tf.Tensor;
}

export interface PredictOptions {
  /** Latent models: use the prior mean of z (default) or one seeded draw. */
  z?: 'mean' | 'sample';
  seed?: number;
  /** Also return the cross-attention weights [batch, heads, targets, contexts]. */
  returnAttention?: boolean;
}

export interface LossOptions {
  /**
   * β of β-NLL (Seitzer et al., ICLR 2022): every target's log-likelihood is weighted by σ^(2β), held
   * constant under the gradient. 0 (default) is the plain ELBO; 1 trains the mean as least squares
   * would, so it is not neglected where the model is unsure. σ still follows the likelihood.
   */
  betaNll?: number;
  /**
   * What trains the mean: the likelihood (default), or an L1 / L2 loss on the mean, with σ then
   * trained by the likelihood at a mean held constant (so σ cannot buy a lazier mean). With
   * `betaNll` the σ term is weighted by σ^(2β) too: its gradient grows like 1/σ² as σ shrinks and
   * otherwise swamps the mean's loss in the shared layers (and in global-norm clipping).
   */
  meanFit?: 'likelihood' | 'l1' | 'l2';
  /**
   * Which set the posterior q(z | ·) of the ELBO encodes: the union of context and targets (default,
   * right when they are disjoint), or the targets alone (when the targets already contain the
   * context, as in the paper's 1D and image-completion tasks; encoding C ∪ T would count C twice).
   */
  posterior?: 'context-and-targets' | 'targets';
  /**
   * What latent models train: the ELBO (default) or NPML, the importance-weighted Monte Carlo
   * estimate of log p(y_T | x_T, C) from `samples` draws of z from q(z | C). The ELBO lets the
   * attentive latent NP collapse to a CNP (all uncertainty in σ_y); NPML rewards a latent that
   * carries the alternatives. NPML uses the plain likelihood: `meanFit`, `betaNll` and `posterior`
   * do not apply to it.
   */
  objective?: 'elbo' | 'npml';
  /** Draws of z a step for NPML (default 16); each costs one decoder pass. */
  samples?: number;
}

export interface LossTerms {
  /** What training minimises: −ELBO per target point (latent models) or NLL per target (CNP). */
  loss: tf.Scalar;
  /** Negative log-likelihood per target point under q(z | C ∪ T). */
  nll: tf.Scalar;
  /** KL(q(z | C ∪ T) ‖ q(z | C)) per target point; 0 for the CNP. */
  kl: tf.Scalar;
}

export interface EvalResult {
  /**
   * Mean negative log-likelihood per point of the context points and of the target points; the
   * context's is NaN for models that cannot predict at their contexts (target features, a 'residual'
   * base).
   */
  contextNll: number;
  targetNll: number;
}

export interface NeuralProcess {
  readonly config: NPConfig;
  predict(
    context: ContextSet,
    targets: TargetSet,
    options?: PredictOptions,
  ): Prediction & { attention?: tf.Tensor4D };
  /** k function draws, each with its own z shared by all targets of a set: mean/std [k, batch, targets, yDim]. */
  sample(context: ContextSet, targets: TargetSet, k: number, seed: number): Prediction;
  /** Training loss; call inside `tf.variableGrads` / an optimizer's `minimize`. */
  loss(
    context: ContextSet,
    targets: TargetSet & { y: tf.Tensor3D },
    seed: number,
    options?: LossOptions,
  ): LossTerms;
  /** Context and target NLL; latent models use an importance-sampled log-mean-exp over `samples` draws. */
  evaluate(
    context: ContextSet,
    targets: TargetSet & { y: tf.Tensor3D },
    samples?: number,
  ): Promise<EvalResult>;
  trainableVariables(): tf.Variable[];
  /** Stable variable name (`det/enc/l0/kernel`) → variable; the names serialisation uses. */
  variables(): Record<string, tf.Variable>;
  /** Prefix of the registered tfjs variable names (`''` unless another live model held the names). */
  readonly scope: string;
  parameterCount(): number;
  dispose(): void;
}
