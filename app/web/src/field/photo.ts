// A photo for upload: the camera's JPEG scaled down on the phone (longest side 1600 px) with its
// EXIF block (position, time, camera, orientation) carried over byte for byte, or the original.
// Pixels are drawn as stored (no orientation applied), so the carried orientation tag stays true.

const MAX_SIDE = 1600;

// The APP1 "Exif" segment of a JPEG, or null.
export function exifSegment(jpeg: Uint8Array): Uint8Array | null {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1];
    const len = (jpeg[i + 2] << 8) | jpeg[i + 3];
    if (marker === 0xda || len < 2) break; // image data: no more metadata
    const isExif =
      marker === 0xe1 && jpeg[i + 4] === 0x45 && jpeg[i + 5] === 0x78 && jpeg[i + 6] === 0x69 && jpeg[i + 7] === 0x66;
    if (isExif) return jpeg.subarray(i, i + 2 + len);
    i += 2 + len;
  }
  return null;
}

// `jpeg` with `exif` put right after its start-of-image marker (and any APP0 JFIF segment).
export function withExif(jpeg: Uint8Array, exif: Uint8Array): Uint8Array<ArrayBuffer> {
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + ((jpeg[4] << 8) | jpeg[5]);
  const out = new Uint8Array(jpeg.length + exif.length);
  out.set(jpeg.subarray(0, at), 0);
  out.set(exif, at);
  out.set(jpeg.subarray(at), at + exif.length);
  return out;
}

export async function preparePhoto(file: Blob, original: boolean): Promise<Blob> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const bitmap = await createImageBitmap(file, { imageOrientation: 'none' });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  if (isJpeg && (original || scale === 1)) return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const small = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', 0.85),
  );
  const exif = isJpeg ? exifSegment(bytes) : null;
  if (!exif) return small;
  return new Blob([withExif(new Uint8Array(await small.arrayBuffer()), exif)], { type: 'image/jpeg' });
}
