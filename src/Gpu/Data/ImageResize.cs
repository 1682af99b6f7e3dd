namespace ActorNet.Gpu;

/// <summary>
/// Resizes decoded images to the fixed size a data layer takes, as Caffe's <c>convert_imageset --resize_height
/// --resize_width</c> does with OpenCV's <c>cv::resize</c> (bilinear, INTER_LINEAR: pixel centres aligned,
/// source coordinates clamped at the borders, no anti-aliasing), ignoring the aspect ratio.
/// </summary>
public static class ImageResize
{
    /// <summary>
    /// Resizes interleaved <paramref name="image"/> (height×width×3) to <paramref name="height"/>×<paramref name="width"/>
    /// and returns it channel-major (3×height×width, Caffe's layout), channels in the image's order.
    /// </summary>
    public static byte[] ToPlanar(DecodedImage image, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image.Pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        const int channels = 3;
        int sourceWidth = image.Width, sourceHeight = image.Height;
        if (image.Pixels.Length != (long)sourceWidth * sourceHeight * channels)
            throw new ArgumentException($"a {sourceWidth}x{sourceHeight} image has {(long)sourceWidth * sourceHeight * channels} bytes, got {image.Pixels.Length}", nameof(image));
        var (x0, x1, wx) = Taps(sourceWidth, width);
        var (y0, y1, wy) = Taps(sourceHeight, height);
        byte[] source = image.Pixels;
        var output = new byte[channels * height * width];
        int plane = height * width;
        for (int y = 0; y < height; y++)
        {
            int top = y0[y] * sourceWidth * channels, bottom = y1[y] * sourceWidth * channels;
            float fy = wy[y];
            for (int x = 0; x < width; x++)
            {
                int left = x0[x] * channels, right = x1[x] * channels;
                float fx = wx[x];
                for (int c = 0; c < channels; c++)
                {
                    float upper = source[top + left + c] + (source[top + right + c] - source[top + left + c]) * fx;
                    float lower = source[bottom + left + c] + (source[bottom + right + c] - source[bottom + left + c]) * fx;
                    float value = upper + (lower - upper) * fy;
                    output[c * plane + y * width + x] = (byte)Math.Clamp((int)MathF.Round(value), 0, 255);
                }
            }
        }
        return output;
    }

    // For each output coordinate: the two source coordinates it lies between and the weight of the second.
    private static (int[] First, int[] Second, float[] Weight) Taps(int source, int target)
    {
        var first = new int[target];
        var second = new int[target];
        var weight = new float[target];
        double scale = (double)source / target;
        for (int i = 0; i < target; i++)
        {
            double position = Math.Clamp((i + 0.5) * scale - 0.5, 0, source - 1);
            int lower = (int)Math.Floor(position);
            first[i] = lower;
            second[i] = Math.Min(lower + 1, source - 1);
            weight[i] = (float)(position - lower);
        }
        return (first, second, weight);
    }
}
