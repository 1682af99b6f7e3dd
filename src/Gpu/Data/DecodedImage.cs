namespace ActorNet.Gpu;

/// <summary>A decoded image: interleaved BGR bytes, <paramref name="Height"/> rows of <paramref name="Width"/>×3.</summary>
/// <param name="Pixels">height×width×3 bytes, B, G, R per pixel.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct DecodedImage(byte[] Pixels, int Width, int Height);
