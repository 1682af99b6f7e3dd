namespace ActorNet.Gpu;

/// <summary>
/// A set of same-sized 8-bit images with integer labels, as read from CIFAR-10 batches or
/// MNIST-style IDX files. Pixels are stored image after image, each in channel-major (C×H×W)
/// order, which is Caffe's layout.
/// </summary>
public sealed class LabeledImages
{
    /// <summary>Wraps pixel and label arrays; <paramref name="pixels"/> must hold exactly labels.Length × C×H×W bytes.</summary>
    public LabeledImages(byte[] pixels, int[] labels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if ((long)labels.Length * channels * height * width != pixels.Length)
            throw new ArgumentException($"{labels.Length} images of {channels}x{height}x{width} need {(long)labels.Length * channels * height * width} bytes, got {pixels.Length}", nameof(pixels));
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>All pixels, image after image, each C×H×W.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label per image.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Channels per image (3 for CIFAR-10, 1 for MNIST).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Bytes per image: C×H×W.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <summary>Joins several sets of equally shaped images (e.g. the five CIFAR-10 training batches).</summary>
    public static LabeledImages Concat(IReadOnlyList<LabeledImages> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("nothing to join", nameof(parts));
        LabeledImages first = parts[0];
        if (parts.Any(p => (p.Channels, p.Height, p.Width) != (first.Channels, first.Height, first.Width)))
            throw new ArgumentException("the parts have different image shapes", nameof(parts));
        var pixels = new byte[parts.Sum(p => (long)p.Pixels.Length)];
        var labels = new int[parts.Sum(p => p.Count)];
        long offset = 0;
        int index = 0;
        foreach (LabeledImages part in parts)
        {
            part.Pixels.CopyTo(pixels, offset);
            part.Labels.CopyTo(labels, index);
            offset += part.Pixels.Length;
            index += part.Count;
        }
        return new LabeledImages(pixels, labels, first.Channels, first.Height, first.Width);
    }
}
