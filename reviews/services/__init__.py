"""The reviews app's writes: publishing (every transition), importing, exporting, film matching."""
