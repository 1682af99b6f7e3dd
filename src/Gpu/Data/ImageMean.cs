namespace ActorNet.Gpu;

/// <summary>
/// Caffe's <c>compute_image_mean</c>: the per-pixel mean of a set of images, as the 1×C×H×W blob
/// that <c>transform_param { mean_file: ... }</c> expects (write it with
/// <see cref="CaffeModel.WriteBinaryProto"/>).
/// </summary>
public static class ImageMean
{
    /// <summary>The mean image of <paramref name="images"/>, shape (1, C, H, W).</summary>
    public static BlobData Compute(LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("there are no images to average", nameof(images));
        int size = images.ImageSize;
        // Sums in 64-bit integers are exact for any realistic number of 8-bit images.
        var sums = new long[size];
        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<byte> image = images.Image(i);
            for (int p = 0; p < size; p++) sums[p] += image[p];
        }
        var mean = new float[size];
        for (int p = 0; p < size; p++) mean[p] = (float)((double)sums[p] / images.Count);
        return new BlobData([1, images.Channels, images.Height, images.Width], mean);
    }
}
