using System.Formats.Tar;
using ActorNet.Gpu;

namespace ActorNet.Apps.Tests;

/// <summary>Small images and files in the real formats (JPEGs through libjpeg-turbo, tars, CIFAR-10 batches), made by the tests.</summary>
internal static class TestImages
{
    /// <summary>A smooth BGR test pattern (height×width×3) that JPEG keeps close: colour depends on the class and the position.</summary>
    public static byte[] Pattern(int width, int height, int label)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                pixels[i] = (byte)(40 + 80 * label + x * 40 / width);
                pixels[i + 1] = (byte)(60 + y * 100 / height);
                pixels[i + 2] = (byte)(200 - 60 * label);
            }
        return pixels;
    }

    public static byte[] Jpeg(int width, int height, int label, int quality = 95)
    {
        using var codec = JpegCodec.Create();
        return codec.Encode(Pattern(width, height, label), width, height, quality);
    }

    /// <summary>Writes a tar of <paramref name="files"/>; a null content makes a directory entry.</summary>
    public static void Tar(string path, IEnumerable<(string Name, byte[]? Content)> files)
    {
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var (name, content) in files)
        {
            if (content is null)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name));
                continue;
            }
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
    }

    /// <summary>A CIFAR-10 batch of <paramref name="count"/> records, label i % 10, pixels from the seed.</summary>
    public static void CifarBatch(string path, int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 3072];
        random.NextBytes(pixels);
        CifarBinary.Write(path, new LabeledImages(pixels, [.. Enumerable.Range(0, count).Select(i => i % 10)], 3, 32, 32));
    }
}
