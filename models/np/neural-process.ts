import * as tf from '@tensorflow/tfjs';
import { interpolationBasis, type MeanBasis } from '../nn/interpolation.js';
import { maskOrOnes } from '../nn/masking.js';
import { stopGradient } from '../nn/stop-gradient.js';
import { ParamStore } from '../nn/params.js';
import type {
  ContextSet,
  EvalResult,
  LossOptions,
  LossTerms,
  NeuralProcess,
  NPConfig,
  PredictOptions,
  Prediction,
  TargetSet,
} from '../types.js';
import { Decoder } from './decoder.js';
import { DeterministicPath } from './deterministic-path.js';
import { klNormal, logNormal, logNormalEach } from './gaussian.js';
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
export class NeuralProcessModel implements NeuralProcess {
  private readonly store: ParamStore;
  private readonly deterministic: DeterministicPath;
  private readonly latent: LatentPath | null;
  private readonly decoder: Decoder;

  constructor(
    readonly config: NPConfig,
    seed: number,
    readonly scope: string,
  ) {
    this.store = new ParamStore(seed, scope);
    this.deterministic = new DeterministicPath(this.store, config);
    this.latent = config.kind === 'cnp' ? null : new LatentPath(this.store, config);
    this.decoder = new Decoder(this.store, config);
  }

  private encode(context: ContextSet, targets: TargetSet, wantWeights: boolean): Encoded {
    const xt = targets.x;
    const contextMask = maskOrOnes(context.mask, context.x);
    const det = this.deterministic.apply(context.x, context.y, contextMask, xt, wantWeights);
    const prior = this.latent ? this.latent.apply(context.x, context.y, contextMask) : null;
    return {
      r: det.out,
      attention: det.weights,
      prior,
      contextMask,
      base: this.meanBasis(context, contextMask, targets),
    };
  }

  /** The decoder's base at the targets: the built-in interpolation, or the caller's own estimate. */
  private meanBasis(context: ContextSet, contextMask: tf.Tensor2D, targets: TargetSet): MeanBasis | null {
    if (this.config.meanBase === 'none') {
      if (targets.base || targets.basisContext)
        throw new Error(
          `targets.${targets.base ? 'base' : 'basisContext'} needs a model with a mean base (meanBase 'none' has none)`,
        );
      return null;
    }
    const sharpened = this.config.meanBase === 'sharpened';
    const from = targets.basisContext;
    const basis = from
      ? interpolationBasis(from.x, from.y, maskOrOnes(from.mask, from.x), targets.x, sharpened)
      : interpolationBasis(context.x, context.y, contextMask, targets.x, sharpened);
    if (!targets.base) return basis;
    const expected = [...targets.x.shape.slice(0, 2), this.config.yDim];
    if (targets.base.shape.join() !== expected.join())
      throw new RangeError(
        `targets.base must have shape [${expected.join(', ')}], got [${targets.base.shape.join(', ')}]`,
      );
    const own = tf.isNaN(targets.base);
    return { base: tf.where(own, basis.base, targets.base) as tf.Tensor3D, detail: basis.detail };
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
      const out = this.decoder.apply(enc.r, z, targets.x, enc.base);
      return enc.attention ? { ...out, attention: enc.attention } : out;
    });
  }

  sample(context: ContextSet, targets: TargetSet, k: number, seed: number): Prediction {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
    return tf.tidy(() => {
      const enc = this.encode(context, targets, false);
      const draws = Array.from({ length: k }, (_, j) => {
        const z = enc.prior ? sampleLatent(enc.prior, seed + j) : null;
        return this.decoder.apply(enc.r, z, targets.x, enc.base);
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
      const beta = options.betaNll ?? 0;
      /**
       * −(weighted log-likelihood) per target, the plain NLL per target for reporting, and the mean
       * weight, which scales the KL so the ELBO's balance between fit and KL is kept.
       */
      const likelihood = (out: { mean: tf.Tensor3D; std: tf.Tensor3D }) => {
        const each = logNormalEach(targets.y, out.mean, out.std);
        const perTarget = (values: tf.Tensor) =>
          tf.neg(tf.div(tf.mul(values.sum(-1), targetMask).sum(), count));
        const nll = perTarget(each) as tf.Scalar;
        if (beta === 0) return { fit: nll.clone(), nll, klScale: tf.scalar(1) };
        const weight = stopGradient(tf.pow(out.std, 2 * beta));
        const klScale = tf.div(tf.mul(weight.mean(-1), targetMask).sum(), count);
        return { fit: perTarget(tf.mul(each, weight)) as tf.Scalar, nll, klScale };
      };
      if (!enc.prior || !this.latent) {
        const { fit, nll } = likelihood(this.decoder.apply(enc.r, null, targets.x, enc.base));
        return { loss: fit, nll, kl: tf.scalar(0) };
      }
      const posterior = this.latent.apply(
        tf.concat([context.x, targets.x], 1),
        tf.concat([context.y, targets.y], 1),
        tf.concat([enc.contextMask, targetMask], 1),
      );
      const { fit, nll, klScale } = likelihood(
        this.decoder.apply(enc.r, sampleLatent(posterior, seed), targets.x, enc.base),
      );
      const kl = tf.div(
        klNormal(posterior.mean, posterior.std, enc.prior.mean, enc.prior.std).sum(),
        count,
      ) as tf.Scalar;
      return { loss: tf.add(fit, tf.mul(kl, klScale)) as tf.Scalar, nll, kl };
    });
  }

  /**
   * Per-set log-likelihoods [B] of the targets and of the contexts. Latent models estimate
   * log p(y | C) ≈ logmeanexp_s [log p(y | z_s) + log q(z_s | C) − log r(z_s)] with proposal
   * r = q(z | C ∪ T) for the targets and r = q(z | C) (the weights cancel) for the contexts.
   */
  private setLogLikelihoods(context: ContextSet, targets: TargetSet & { y: tf.Tensor3D }, samples: number) {
    const targetMask = maskOrOnes(targets.mask, targets.x);
    const enc = this.encode(context, targets, false);
    const encAtContext = this.encode(context, { x: context.x }, false);
    const setLogp = (y: tf.Tensor3D, out: { mean: tf.Tensor; std: tf.Tensor }, mask: tf.Tensor2D) =>
      tf.mul(logNormal(y, out.mean, out.std), mask).sum(1);
    if (!enc.prior || !encAtContext.prior || !this.latent) {
      return {
        target: setLogp(targets.y, this.decoder.apply(enc.r, null, targets.x, enc.base), targetMask),
        context: setLogp(
          context.y,
          this.decoder.apply(encAtContext.r, null, context.x, encAtContext.base),
          enc.contextMask,
        ),
      };
    }
    const prior = enc.prior;
    const posterior = this.latent.apply(
      tf.concat([context.x, targets.x], 1),
      tf.concat([context.y, targets.y], 1),
      tf.concat([enc.contextMask, targetMask], 1),
    );
    const targetTerms: tf.Tensor[] = [];
    const contextTerms: tf.Tensor[] = [];
    for (let s = 0; s < samples; s++) {
      const z = sampleLatent(posterior, EVAL_SEED + s);
      const weight = tf.sub(logNormal(z, prior.mean, prior.std), logNormal(z, posterior.mean, posterior.std));
      targetTerms.push(
        tf.add(setLogp(targets.y, this.decoder.apply(enc.r, z, targets.x, enc.base), targetMask), weight),
      );
      const zc = sampleLatent(prior, EVAL_SEED + samples + s);
      contextTerms.push(
        setLogp(
          context.y,
          this.decoder.apply(encAtContext.r, zc, context.x, encAtContext.base),
          enc.contextMask,
        ),
      );
    }
    const logMeanExp = (terms: tf.Tensor[]) => tf.sub(tf.logSumExp(tf.stack(terms), 0), Math.log(samples));
    return { target: logMeanExp(targetTerms), context: logMeanExp(contextTerms) };
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
      return [tf.div(ll.target.sum(), targetCount).neg(), tf.div(ll.context.sum(), contextCount).neg()];
    });
    const [t, c] = await Promise.all([targetNll.data(), contextNll.data()]);
    targetNll.dispose();
    contextNll.dispose();
    return { contextNll: c[0]!, targetNll: t[0]! };
  }

  trainableVariables(): tf.Variable[] {
    return this.store.list();
  }

  /** Stable name (`det/enc/l0/kernel`, without the scope) → variable. */
  variables(): Record<string, tf.Variable> {
    return Object.fromEntries(this.store.entries());
  }

  parameterCount(): number {
    return this.store.list().reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    this.store.dispose();
  }
}
