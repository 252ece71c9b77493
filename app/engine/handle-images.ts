/** The engine's image handlers: open, describe, preview, close and export a photo. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineContext, Handlers } from './handler-context.js';

type ImageMethods = 'openImage' | 'imageInfo' | 'imagePreview' | 'closeImage' | 'exportImage';

export function imageHandlers(engine: EngineContext): Pick<Handlers, ImageMethods> {
  const { images } = engine;
  return {
    openImage: async (args) => {
      const opened =
        args.kind === 'path'
          ? await images.openPath(args.path)
          : args.kind === 'upload'
            ? await images.openUpload(args.uploadId, args.name)
            : await images.openBytes(args.name, Buffer.from(args.dataBase64, 'base64'));
      engine.warmUp(opened.id);
      return opened;
    },
    imageInfo: async ({ id }) => images.get(id).info,
    imagePreview: ({ id, maxSide }) => images.preview(id, maxSide),
    closeImage: async ({ id }) => {
      await images.close(id);
      return { closed: true };
    },
    exportImage: async (args) => {
      const input = images.pathOf(args.imageId);
      const options = { input, format: args.format, quality: args.quality, overwrite: args.overwrite };
      if (args.path) return (await engine.tasks()).exportImage({ ...options, outPath: args.path });
      // No path (browser mode): encode into the session folder and hand back the bytes to download.
      return engine.withJobDir(async (dir) => {
        const outPath = join(dir, `export.${args.format}`);
        const { bytes } = await (await engine.tasks()).exportImage({ ...options, outPath, overwrite: true });
        return { bytes, dataBase64: (await readFile(outPath)).toString('base64') };
      });
    },
  };
}
