import * as tf from '@tensorflow/tfjs';
import { maskOrOnes } from '../nn/masking.js';
import { StoredModel } from '../nn/stored-model.js';
import type {
  ContextSet,
  EvalResult,
  LossOptions,
  LossTerms,
  MeanBasis,
  MeanBaseStrategy,
  NeuralProcess,
  NPConfig,
  PredictOptions,
  Prediction,
  TargetSet,
} from '../core/types.js';
import { Decoder } from './decoder.js';
import { DeterministicPath } from './deterministic-path.js';
import { fitTerms } from './fit-terms.js';
import { npmlTerms } from './npml.js';
import { klNormal, logNormal } from './gaussian.js';
import { type LatentDistribution, LatentPath, sampleLatent } from './latent-path.js';

/** Seeds of the importance samples in `evaluate`, fixed so evaluations are reproducible. */
const EVAL_SEED = 7919;

interface Encoded {
  /** r* [B, Nt, hidden] */
  r: tf.Tensor3D;
  attention?: tf.Tensor4D;
  /** q(z | C); null for the CNP. */
  prior: LatentDistribution | null;
  contextMask: tf.Tensor2D;
  /** The decoder's mean base and its detail term at the queries (null without them). */
  base: MeanBasis | null;
}

/** CNP, NP and ANP in one class: the kind only decides whether the latent path exists. */
export class NeuralProcessModel extends StoredModel implements NeuralProcess {
  private readonly deterministic: DeterministicPath;
  private readonly latent: LatentPath | null;
  private readonly decoder: Decoder;

  constructor(
    readonly config: NPConfig,
    seed: number,
    scope: string,
    /** The base for any `meanBase` but 'none' and 'residual' (null for those). */
    private readonly meanBase: MeanBaseStrategy | null,
  ) {
    super(seed, scope);
    this.deterministic = new DeterministicPath(this.store, config);
    this.latent = config.kind === 'cnp' ? null : new LatentPath(this.store, config);
    this.decoder = new Decoder(this.store, config, meanBase?.withDetail ?? false);
  }

  /** Each point's encoder inputs: (x, y) and its features; points without features get zeros. */
  private pointInputs(x: tf.Tensor3D, y: tf.Tensor3D, features: tf.Tensor3D | undefined): tf.Tensor3D {
    const f = this.config.contextFeatures;
    if (f === 0) return tf.concat([x, y], -1);
    return tf.concat([x, y, features ?? tf.zeros([x.shape[0], x.shape[1], f])], -1);
  }

  private checkFeatures(context: ContextSet, targets: TargetSet): void {
    const check = (name: string, set: { x: tf.Tensor3D; features?: tf.Tensor3D }, dim: number) => {
      if (dim === 0) {
        if (set.features) throw new Error(`${name}.features given, but the model takes none`);
        return;
      }
      const expected = [...set.x.shape.slice(0, 2), dim].join(', ');
      if (!set.features) throw new Error(`the model needs ${name}.features of shape [${expected}]`);
      if (set.features.shape.join(', ') !== expected)
        throw new RangeError(
          `${name}.features must have shape [${expected}], got [${set.features.shape.join(', ')}]`,
        );
    };
    check('context', context, this.config.contextFeatures);
    check('targets', targets, this.config.targetFeatures);
  }

  private encode(context: ContextSet, targets: TargetSet, wantWeights: boolean): Encoded {
    this.checkFeatures(context, targets);
    const contextMask = maskOrOnes(context.mask, context.x);
    const inputs = this.pointInputs(context.x, context.y, context.features);
    const det = this.deterministic.apply(inputs, context.x, contextMask, targets.x, wantWeights);
    const prior = this.latent ? this.latent.apply(inputs, contextMask) : null;
    return {
      r: det.out,
      attention: det.weights,
      prior,
      contextMask,
      base: this.meanBasis(context, contextMask, targets),
    };
  }

  /** The decoder's base at the targets: the strategy's, or the caller's own estimate. */
  private meanBasis(context: ContextSet, contextMask: tf.Tensor2D, targets: TargetSet): MeanBasis | null {
    if (this.config.meanBase === 'none') {
      if (targets.base || targets.basisContext)
        throw new Error(
          `targets.${targets.base ? 'base' : 'basisContext'} needs a model with a mean base (meanBase 'none' has none)`,
        );
      return null;
    }
    const expected = [...targets.x.shape.slice(0, 2), this.config.yDim];
    if (targets.base && targets.base.shape.join() !== expected.join())
      throw new RangeError(
        `targets.base must have shape [${expected.join(', ')}], got [${targets.base.shape.join(', ')}]`,
      );
    if (!this.meanBase) {
      if (!targets.base)
        throw new Error(`a 'residual' model needs targets.base of shape [${expected.join(', ')}]`);
      return { base: targets.base, detail: null };
    }
    const from = targets.basisContext;
    const basis = from
      ? this.meanBase.basis(from, maskOrOnes(from.mask, from.x), targets)
      : this.meanBase.basis(context, contextMask, targets);
    if (!targets.base) return basis;
    const own = tf.isNaN(targets.base);
    return { base: tf.where(own, basis.base, targets.base) as tf.Tensor3D, detail: basis.detail };
  }

  /** q(z | C ∪ T), or q(z | T) where the targets already hold the context. */
  private posterior(
    context: ContextSet,
    contextMask: tf.Tensor2D,
    targets: TargetSet & { y: tf.Tensor3D },
    targetMask: tf.Tensor2D,
    which: LossOptions['posterior'],
  ): LatentDistribution {
    const targetInputs = this.pointInputs(targets.x, targets.y, undefined);
    if (which === 'targets') return this.latent!.apply(targetInputs, targetMask);
    return this.latent!.apply(
      tf.concat([this.pointInputs(context.x, context.y, context.features), targetInputs], 1),
      tf.concat([contextMask, targetMask], 1),
    );
  }

  predict(
    context: ContextSet,
    targets: TargetSet,
    options: PredictOptions = {},
  ): Prediction & { attention?: tf.Tensor4D } {
    return tf.tidy(() => {
      const enc = this.encode(context, targets, options.returnAttention === true);
      let z: tf.Tensor2D | null = null;
      if (enc.prior) z = options.z === 'sample' ? sampleLatent(enc.prior, options.seed ?? 0) : enc.prior.mean;
      const out = this.decoder.apply(enc.r, z, targets, enc.base);
      return enc.attention ? { ...out, attention: enc.attention } : out;
    });
  }

  sample(context: ContextSet, targets: TargetSet, k: number, seed: number): Prediction {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
    return tf.tidy(() => {
      const enc = this.encode(context, targets, false);
      const draws = Array.from({ length: k }, (_, j) => {
        const z = enc.prior ? sampleLatent(enc.prior, seed + j) : null;
        return this.decoder.apply(enc.r, z, targets, enc.base);
      });
      return { mean: tf.stack(draws.map((d) => d.mean)), std: tf.stack(draws.map((d) => d.std)) };
    });
  }

  loss(
    context: ContextSet,
    targets: TargetSet & { y: tf.Tensor3D },
    seed: number,
    options: LossOptions = {},
  ): LossTerms {
    return tf.tidy(() => {
      const enc = this.encode(context, targets, false);
      const targetMask = maskOrOnes(targets.mask, targets.x);
      const count = targetMask.sum();
      const likelihood = (out: { mean: tf.Tensor3D; std: tf.Tensor3D }) =>
        fitTerms(targets.y, out.mean, out.std, targetMask, options);
      if (!enc.prior || !this.latent) {
        const { fit, nll } = likelihood(this.decoder.apply(enc.r, null, targets, enc.base));
        return { loss: fit, nll, kl: tf.scalar(0) };
      }
      if (options.objective === 'npml') return { ...this.npml(enc, targets, targetMask, seed, options) };
      const posterior = this.posterior(context, enc.contextMask, targets, targetMask, options.posterior);
      const { fit, nll, klScale } = likelihood(
        this.decoder.apply(enc.r, sampleLatent(posterior, seed), targets, enc.base),
      );
      const kl = tf.div(
        klNormal(posterior.mean, posterior.std, enc.prior.mean, enc.prior.std).sum(),
        count,
      ) as tf.Scalar;
      return { loss: tf.add(fit, tf.mul(kl, klScale)) as tf.Scalar, nll, kl };
    });
  }

  /**
   * −log p(y_T | x_T, C) per target point, estimated by the log-mean-exp over S draws z_s ~ q(z | C)
   * of p(y_T | z_s): the importance-weighted marginal likelihood with the prior as proposal (NPML, as
   * the Neural Process Family trains latent NPs). A lower bound of the log-likelihood in expectation
   * that tightens as S grows; it costs S decoder passes. `nll` reports the same value, `kl` is 0.
   */
  private npml(
    enc: Encoded,
    targets: TargetSet & { y: tf.Tensor3D },
    targetMask: tf.Tensor2D,
    seed: number,
    options: LossOptions,
  ): LossTerms {
    return npmlTerms(
      options,
      (s) => {
        const out = this.decoder.apply(enc.r, sampleLatent(enc.prior!, seed + s), targets, enc.base);
        return tf.mul(logNormal(targets.y, out.mean, out.std), targetMask).sum(1) as tf.Tensor1D;
      },
      targetMask.sum(),
    );
  }

  /**
   * Whether the model can predict at its own context points: not when its targets need features or
   * a caller's base, which a context point does not carry.
   */
  private predictsAtContext(): boolean {
    return this.config.targetFeatures === 0 && this.config.meanBase !== 'residual';
  }

  /**
   * Per-set log-likelihoods [B] of the targets and of the contexts (null where the model cannot
   * predict at its contexts). Latent models estimate log p(y | C) ≈ logmeanexp_s [log p(y | z_s) +
   * log q(z_s | C) − log r(z_s)] with proposal r = q(z | C ∪ T) for the targets and r = q(z | C) (the
   * weights cancel) for the contexts.
   */
  private setLogLikelihoods(context: ContextSet, targets: TargetSet & { y: tf.Tensor3D }, samples: number) {
    const targetMask = maskOrOnes(targets.mask, targets.x);
    const enc = this.encode(context, targets, false);
    const encAtContext = this.predictsAtContext() ? this.encode(context, { x: context.x }, false) : null;
    const setLogp = (y: tf.Tensor3D, out: { mean: tf.Tensor; std: tf.Tensor }, mask: tf.Tensor2D) =>
      tf.mul(logNormal(y, out.mean, out.std), mask).sum(1);
    const contextLogp = (z: tf.Tensor2D | null) =>
      encAtContext
        ? setLogp(
            context.y,
            this.decoder.apply(encAtContext.r, z, { x: context.x }, encAtContext.base),
            enc.contextMask,
          )
        : null;
    if (!enc.prior || !this.latent) {
      return {
        target: setLogp(targets.y, this.decoder.apply(enc.r, null, targets, enc.base), targetMask),
        context: contextLogp(null),
      };
    }
    const prior = enc.prior;
    const posterior = this.posterior(context, enc.contextMask, targets, targetMask, 'context-and-targets');
    const targetTerms: tf.Tensor[] = [];
    const contextTerms: tf.Tensor[] = [];
    for (let s = 0; s < samples; s++) {
      const z = sampleLatent(posterior, EVAL_SEED + s);
      const weight = tf.sub(logNormal(z, prior.mean, prior.std), logNormal(z, posterior.mean, posterior.std));
      targetTerms.push(
        tf.add(setLogp(targets.y, this.decoder.apply(enc.r, z, targets, enc.base), targetMask), weight),
      );
      const atContext = contextLogp(sampleLatent(prior, EVAL_SEED + samples + s));
      if (atContext) contextTerms.push(atContext);
    }
    const logMeanExp = (terms: tf.Tensor[]) => tf.sub(tf.logSumExp(tf.stack(terms), 0), Math.log(samples));
    return {
      target: logMeanExp(targetTerms),
      context: contextTerms.length > 0 ? logMeanExp(contextTerms) : null,
    };
  }

  async evaluate(
    context: ContextSet,
    targets: TargetSet & { y: tf.Tensor3D },
    samples = 16,
  ): Promise<EvalResult> {
    if (!Number.isInteger(samples) || samples < 1)
      throw new RangeError(`samples must be a positive integer, got ${samples}`);
    const [targetNll, contextNll] = tf.tidy(() => {
      const ll = this.setLogLikelihoods(context, targets, samples);
      const targetCount = maskOrOnes(targets.mask, targets.x).sum();
      const contextCount = maskOrOnes(context.mask, context.x).sum();
      const contextNll = ll.context ? tf.div(ll.context.sum(), contextCount).neg() : tf.scalar(Number.NaN);
      return [tf.div(ll.target.sum(), targetCount).neg(), contextNll];
    });
    const [t, c] = await Promise.all([targetNll.data(), contextNll.data()]);
    targetNll.dispose();
    contextNll.dispose();
    return { contextNll: c[0]!, targetNll: t[0]! };
  }
}
