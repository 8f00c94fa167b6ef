// A photo from the phone's camera, made small enough to send over a weak connection: at most
// MAX_PX on its long side as JPEG. Needs the DOM (canvas), so it is not in lib/.

const MAX_PX = 1600;
const QUALITY = 0.8;

/** The photo to store and send: `file` shrunk to MAX_PX, or `file` itself when it cannot be decoded here. */
export async function shrinkPhoto(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file; // a format this browser cannot draw: the service decides whether it takes it
  }
  const scale = Math.min(1, MAX_PX / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  return blob && blob.size < file.size ? blob : file;
}
