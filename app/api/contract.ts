/**
 * The one API the UI can call, shared by both bindings (Electron IPC and the local web host).
 * Every argument is validated at runtime with these schemas on the receiving side (main / web host);
 * the renderer imports only the types. Results that are images are referred to by `ImageId`s that live
 * in the engine's image store; they can be previewed and exported like opened images.
 */
import { z } from 'zod';
import { MAX_PREVIEW_SIDE, MAX_SAMPLES, MAX_SCALE, MAX_SIDE, MIN_SAMPLES, MIN_SCALE } from './limits.js';

/** The largest file `openImage` takes as bytes. */
export const MAX_UPLOAD_BYTES = 200 * 1024 ** 2;

/** Characters of base64 that encode `bytes` bytes. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}
const MAX_TRAINING_UPLOADS = 10_000;
/** Points over all of a mask's shapes: a brush stroke adds one per quarter radius it moves. */
const MAX_MASK_POINTS = 100_000;

export const ImageId = z.string().regex(/^img_[A-Za-z0-9_-]{6,64}$/, 'must be an image id (img_…)');
export const JobId = z.string().regex(/^job_[A-Za-z0-9_-]{6,64}$/, 'must be a job id (job_…)');
export const ModelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a model id (lower-case, 1–64 chars)');
/** The app's tasks a model may do: complete (inpaint) erased regions, or upscale. */
export const ModelTask = z.enum(['inpaint', 'upscale']);
export type ModelTask = z.infer<typeof ModelTask>;
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const FilePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'is too long')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

/** A photo's name as the user sees it (and as result files are named from): no NUL or other control character. */
const DisplayName = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'must not contain NUL or other control characters');

/** A file the page streamed to the web host's `POST /api/upload` (browser mode). */
export const UploadId = z.string().regex(/^upload-[A-Za-z0-9_-]{16,64}$/, 'must be an upload id (upload-…)');

export const OpenImageArgs = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: FilePath }).strict(),
  z
    .object({
      kind: z.literal('bytes'),
      name: DisplayName,
      dataBase64: Base64.max(
        base64Length(MAX_UPLOAD_BYTES),
        `file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 2} MB`,
      ),
    })
    .strict(),
  z.object({ kind: z.literal('upload'), uploadId: UploadId, name: DisplayName }).strict(),
]);

export const ImageArgs = z.object({ id: ImageId }).strict();
export const PreviewArgs = z
  .object({ id: ImageId, maxSide: z.number().int().min(16).max(8192).default(2048) })
  .strict();

const Point = z.tuple([z.number().finite(), z.number().finite()]);
export const MaskShape = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('rect'),
      x: z.number().finite(),
      y: z.number().finite(),
      width: z.number().positive(),
      height: z.number().positive(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('stroke'),
      points: z.array(Point).min(1).max(100_000),
      radius: z.number().positive().max(4096),
      /** An eraser stroke: takes its pixels out of the shapes drawn before it. */
      erase: z.boolean().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('polygon'), points: z.array(Point).min(3).max(100_000) }).strict(),
]);
export const Mask = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('png'), dataBase64: Base64.min(1) }).strict(),
  z
    .object({
      kind: z.literal('shapes'),
      shapes: z
        .array(MaskShape)
        .min(1, 'mask has no shapes')
        .max(10_000)
        .refine(
          (shapes) =>
            shapes.reduce((n, s) => n + (s.kind === 'rect' ? 1 : s.points.length), 0) <= MAX_MASK_POINTS,
          `have more than ${MAX_MASK_POINTS} points in all`,
        ),
    })
    .strict(),
]);

export const InpaintArgs = z
  .object({
    imageId: ImageId,
    mask: Mask,
    samples: z.number().int().min(MIN_SAMPLES).max(MAX_SAMPLES).default(3),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    modelId: ModelId.optional(),
    /** Run even when the estimated cost is past the limits (the user confirmed). */
    confirm: z.boolean().default(false),
  })
  .strict();

const Scale = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .pipe(z.number().min(MIN_SCALE).max(MAX_SCALE));
const Side = z.number().int().min(1).max(MAX_SIDE);
const UpscaleSize = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scale'), scale: Scale }).strict(),
  z.object({ kind: z.literal('exact'), width: Side, height: Side.optional() }).strict(),
]);
export const UpscaleArgs = z
  .object({
    imageId: ImageId,
    size: UpscaleSize,
    modelId: ModelId.optional(),
    /** Run even when the estimated cost is past the limits (the user confirmed). */
    confirm: z.boolean().default(false),
  })
  .strict();

/** What an upscale would cost in time (measured on this machine) and tiles, before running it. */
export const EstimateUpscaleArgs = z
  .object({ imageId: ImageId, size: UpscaleSize, modelId: ModelId.optional() })
  .strict();

const Offset = z.number().int().min(0).max(MAX_SIDE);
const PreviewSide = z.number().int().min(1).max(MAX_PREVIEW_SIDE);
/**
 * One region of an upscale at full resolution, before running the whole of it: `region` is in
 * output pixels and must lie inside the output.
 */
export const UpscaleRegionArgs = z
  .object({
    imageId: ImageId,
    size: UpscaleSize,
    region: z.object({ x: Offset, y: Offset, width: PreviewSide, height: PreviewSide }).strict(),
    modelId: ModelId.optional(),
  })
  .strict();

export const FineTuneArgs = z
  .object({
    /** Electron: a folder the user chose. */
    folder: FilePath.optional(),
    /** Browser mode: photos the page uploaded with openImage, in place of a folder. */
    imageIds: z.array(ImageId).min(1).max(MAX_TRAINING_UPLOADS).optional(),
    /** The model to tune; without it, the model that does `task` now (see ModelInfo's `usedFor`). */
    fromModel: ModelId.optional(),
    /** What the tuned model is for: the source must have learned it. */
    task: ModelTask.optional(),
    name: ModelId,
    steps: z.number().int().min(1).max(1_000_000).default(300),
    /**
     * Continue the paused run of `name` from its checkpoint, on the photos given or else on those it
     * began with; the run keeps the steps and recipe it started with. Without it, a paused run of that
     * name is dropped.
     */
    resume: z.boolean().default(false),
  })
  .strict()
  .refine(
    (a) =>
      !(a.folder !== undefined && a.imageIds !== undefined) &&
      (a.resume || a.folder !== undefined || a.imageIds !== undefined),
    {
      message:
        'give either a folder or imageIds (uploaded photos), not both; a resumed run may give neither and trains on the photos it began with',
      path: ['folder'],
    },
  )
  .refine((a) => a.fromModel !== undefined || a.task !== undefined, {
    message: 'name the model to tune (fromModel) or the task it is for (task)',
    path: ['fromModel'],
  });

export const ScanFolderArgs = z.object({ folder: FilePath }).strict();

export const JobArgs = z.object({ jobId: JobId }).strict();
export const SelectModelArgs = z.object({ id: ModelId }).strict();

export const ExportFormat = z.enum(['png', 'jpeg', 'webp', 'tiff', 'avif']);
export const ExportArgs = z
  .object({
    imageId: ImageId,
    format: ExportFormat,
    quality: z.number().int().min(1).max(100).default(90),
    /** Electron: a path from the save dialog. Browser mode: omitted; the bytes are returned instead. */
    path: FilePath.optional(),
    overwrite: z.boolean().default(false),
  })
  .strict();

/** One completed pixel: its cross-attention per head over the context of the window that completed it. */
export const PixelAttentionArgs = z
  .object({
    /** The completed image (a sample or the mean of an inpaint result). */
    imageId: ImageId,
    /** The mask that completion erased. */
    mask: Mask,
    x: z.number().int().min(0).max(MAX_SIDE),
    y: z.number().int().min(0).max(MAX_SIDE),
    modelId: ModelId.optional(),
  })
  .strict();

export const NoArgs = z.object({}).strict();

/** Every call: its argument schema. Results are typed in `ApiResults`. */
export const apiSchemas = {
  openImage: OpenImageArgs,
  imageInfo: ImageArgs,
  imagePreview: PreviewArgs,
  closeImage: ImageArgs,
  inpaint: InpaintArgs,
  upscale: UpscaleArgs,
  estimateUpscale: EstimateUpscaleArgs,
  upscaleRegion: UpscaleRegionArgs,
  fineTune: FineTuneArgs,
  cancel: JobArgs,
  pause: JobArgs,
  listModels: NoArgs,
  selectModel: SelectModelArgs,
  exportImage: ExportArgs,
  engineInfo: NoArgs,
  pixelAttention: PixelAttentionArgs,
  engineMemory: NoArgs,
  scanFolder: ScanFolderArgs,
  pausedFineTunes: NoArgs,
} as const;

export type ApiMethod = keyof typeof apiSchemas;
export type ApiArgs = { [M in ApiMethod]: z.input<(typeof apiSchemas)[M]> };
export type ApiParsedArgs = { [M in ApiMethod]: z.output<(typeof apiSchemas)[M]> };
export type MaskShapeT = z.output<typeof MaskShape>;
export type MaskT = z.output<typeof Mask>;

export interface ImageInfo {
  id: string;
  name: string;
  width: number;
  height: number;
  format: string;
  channels: number;
  hasAlpha: boolean;
  bitDepth: 8 | 16 | 32;
  /** EXIF orientation of the file (1–8); width/height are after it was applied. */
  orientation: number;
  sizeBytes: number;
  /** Present for animated or multi-page files: how many frames; only the first is used. */
  frames?: number;
}
export interface ImagePreview {
  width: number;
  height: number;
  mime: 'image/png';
  dataBase64: string;
}
export interface ModelInfo {
  id: string;
  name: string;
  kind: string;
  builtin: boolean;
  selected: boolean;
  description: string;
  /** Colour channels the model predicts: 3 for colour photos, 1 for greyscale (the MNIST models). */
  channels: number;
  /** The model card (Markdown), or '' where the model has none. */
  card: string;
  /** The tasks it learned. */
  tasks: ModelTask[];
  /** The tasks it does now: the selected model's, but the task's own built-in's while the default model is selected or where the selected one did not learn it. */
  usedFor: ModelTask[];
}
export interface EngineInfo {
  backend: 'tensorflow' | 'wasm' | 'cpu' | 'webgpu';
  package: string;
  version: string;
  device: string;
  workers: number;
  fallbackReasons: string[];
}
/** What fine-tuning would use of a folder: usable photos (some held out) and skipped files, why. */
export interface FolderScan {
  folder: string;
  usable: { name: string; width: number; height: number; heldOut: boolean }[];
  skipped: { name: string; reason: string }[];
  /** Why fine-tuning cannot start on this folder, or null. */
  problem: string | null;
}

/** The engine process's memory (its worker threads included), in bytes. */
export interface EngineMemory {
  rssBytes: number;
  heapUsedBytes: number;
}
export interface JobStarted {
  jobId: string;
  /** The model the job runs (an upscale's may differ from the one selected: see the model registry). */
  modelId?: string;
}
export interface UpscaleEstimate {
  width: number;
  height: number;
  tiles: number;
  /** The expected running time: the plan's tiles at the seconds per tile measured on this machine. */
  seconds: number;
  /** Past the cost limits: the upscale will need `confirm`. */
  needsConfirmation: boolean;
}
export interface UpscaleRegion {
  /** The region's pixels as the whole upscale will write them (no alpha). */
  image: ImageInfo;
  /** Seconds the model took for it. */
  seconds: number;
}
export interface ExportResult {
  path?: string;
  /** Browser mode: the encoded file. */
  dataBase64?: string;
  bytes: number;
}

export interface PixelAttention {
  x: number;
  y: number;
  /** The window (image pixels) whose context points the pixel attended to. */
  window: { x: number; y: number; width: number; height: number };
  /** The context points, as image pixel indices (column, row): a block's centre where `cell` > 1. */
  points: [number, number][];
  /** Side in pixels of the square each point stands for: a grid model's keys are blocks (absent: 1). */
  cell?: number;
  /** One row per head: its weights over `points`, summing to 1. */
  weights: number[][];
}

export interface ApiResults {
  openImage: ImageInfo;
  imageInfo: ImageInfo;
  imagePreview: ImagePreview;
  closeImage: { closed: true };
  inpaint: JobStarted;
  upscale: JobStarted;
  estimateUpscale: UpscaleEstimate;
  upscaleRegion: UpscaleRegion;
  fineTune: JobStarted;
  cancel: { cancelled: boolean };
  /** True when the job was running and will end as paused once its checkpoint is written. */
  pause: { paused: boolean };
  listModels: ModelInfo[];
  selectModel: ModelInfo;
  exportImage: ExportResult;
  engineInfo: EngineInfo;
  pixelAttention: PixelAttention;
  engineMemory: EngineMemory;
  scanFolder: FolderScan;
  /** Fine-tuning runs stopped by `pause` whose checkpoints wait for a resume (a reloaded page finds them). */
  pausedFineTunes: FineTunePaused[];
}

export type JobKind = 'inpaint' | 'upscale' | 'fineTune';
export interface InpaintOutput {
  kind: 'inpaint';
  samples: ImageInfo[];
  mean: ImageInfo;
  uncertainty: ImageInfo;
  /** The std value (in [0,1] colour units) that maps to the top of the heatmap's colour scale. */
  uncertaintyMax: number;
}
export interface UpscaleOutput {
  kind: 'upscale';
  image: ImageInfo;
}
export interface FineTuneOutput {
  kind: 'fineTune';
  model: ModelInfo;
  heldOutNllBefore: number;
  heldOutNllAfter: number;
}
/** The training loss logged at a step. */
export interface LossPoint {
  step: number;
  loss: number;
}
/** A fine-tuning run stopped by `pause`: its checkpoint waits for `fineTune` with `resume`. */
export interface FineTunePaused {
  kind: 'fineTunePaused';
  name: string;
  fromModel: string;
  step: number;
  steps: number;
  /** The loss at each logged step up to `step`, so that a resumed run's chart goes on from them. */
  losses: LossPoint[];
}
export type JobOutput = InpaintOutput | UpscaleOutput | FineTuneOutput | FineTunePaused;

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  fraction: number;
  done: number;
  total: number;
  etaSeconds: number | null;
  message: string;
  /** Training jobs: step, loss, nll, kl, steps/s. */
  metrics?: Record<string, number>;
}

export type ApiEvent =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'result'; jobId: string; output: JobOutput }
  | { type: 'error'; jobId: string; error: ApiErrorShape }
  /** The engine process died: `restarted` with the open images kept, or `stopped` for good. */
  | { type: 'engine'; state: 'restarted' | 'stopped'; message: string };
export type JobEndEvent = Extract<ApiEvent, { type: 'result' | 'error' }>;

export type ApiErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'UNSUPPORTED_IMAGE'
  | 'CORRUPT_IMAGE'
  | 'IMAGE_TOO_LARGE'
  | 'FILE_EXISTS'
  | 'IO_ERROR'
  | 'CANCELLED'
  /** The job would cost more memory or time than the limits; call again with `confirm: true`. */
  | 'NEEDS_CONFIRMATION'
  | 'MODEL_ERROR'
  | 'INTERNAL';
export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

/** The client-side view: what the renderer calls, whichever binding carries it. */
export interface AnpApi {
  call<M extends ApiMethod>(method: M, args: ApiArgs[M]): Promise<ApiResults[M]>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}
