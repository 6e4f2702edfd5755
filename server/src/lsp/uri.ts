/** The little URI handling the server needs: a path for format detection, from any scheme. */
export const URI = {
  path(uri: string): string {
    try {
      return decodeURIComponent(new URL(uri).pathname);
    } catch {
      return uri;
    }
  },
};
