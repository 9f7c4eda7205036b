from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, gzip-compressed static files.

    Brotli is left out on purpose: when the brotli module is installed (locust pulls it in),
    compressing the API docs' large JavaScript makes collectstatic many times slower.
    """

    def create_compressor(self, **kwargs):
        kwargs["use_brotli"] = False
        return super().create_compressor(**kwargs)
