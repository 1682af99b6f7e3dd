using ActorNet.Gpu;
using ActorNet.Rdd;
using Google.Protobuf;

namespace ActorNet.Training;

/// <summary>
/// Caffe's data-layer preprocessing on RDDs of 8-bit images (channel-major bytes and a label), run on the
/// workers: the mean image of a data set (Caffe's <c>compute_image_mean</c>, which SparkNet's apps computed
/// with Spark), and a layer's <c>transform_param</c> (mean subtraction, scale, crop, mirror) turning the
/// images into the float samples <see cref="DistributedTrainer"/> takes.
/// </summary>
public static class ImagePreprocessing
{
    /// <summary>
    /// The per-pixel mean of <paramref name="images"/> (each channels×height×width bytes), as the (1, C, H, W)
    /// blob a <c>mean_file</c> holds, and the number of images; each partition sums its images where it runs.
    /// </summary>
    public static (BlobData Mean, long Count) MeanImage(Rdd<(byte[] Pixels, int Label)> images, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        int size = checked(channels * height * width);
        var (sums, count) = images
            .MapPartitions(items =>
            {
                var partial = new long[size];
                long n = 0;
                foreach (var (pixels, _) in items)
                {
                    if (pixels.Length != size) throw new ArgumentException($"An image has {pixels.Length} bytes; {channels}x{height}x{width} images have {size}.");
                    for (int p = 0; p < size; p++) partial[p] += pixels[p];
                    n++;
                }
                return new[] { (partial, n) };
            })
            .Reduce((a, b) =>
            {
                for (int p = 0; p < size; p++) a.partial[p] += b.partial[p];
                return (a.partial, a.n + b.n);
            });
        if (count == 0) throw new InvalidOperationException("There are no images to average: every partition was empty.");
        var mean = new float[size];
        for (int p = 0; p < size; p++) mean[p] = (float)((double)sums[p] / count);
        return (new BlobData([1, channels, height, width], mean), count);
    }

    /// <summary>
    /// Applies <paramref name="transform"/> (with <paramref name="mean"/> as its mean_file when it names one) to
    /// each image on the workers, as Caffe's DataTransformer does in <paramref name="phase"/>: random crops and
    /// mirrors in TRAIN, centre crops in TEST. Each partition draws from its own random stream, seeded by
    /// <paramref name="seed"/> and the partition index, so a recomputed partition gets the same crops (in any process).
    /// For training, prefer giving the images and an <see cref="ImageTransform"/> to the trainer, which draws new crops
    /// every time it feeds an image; this method fixes one crop per image.
    /// </summary>
    public static Rdd<(float[] Data, int Label)> Transform(
        Rdd<(byte[] Pixels, int Label)> images, TransformationParameter transform, Phase phase, int channels, int height, int width, BlobData? mean, int seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(transform);
        // Only plain values travel inside the task closure.
        byte[] parameter = transform.ToByteArray();
        bool train = phase == Phase.Train;
        int[]? meanShape = mean?.Shape;
        float[]? meanData = mean?.Data;
        return images.MapPartitionsWithIndex((partition, items) =>
            TransformAll(items, parameter, train, channels, height, width, meanShape, meanData, unchecked(seed * 1_000_003 + partition)));
    }

    /// <summary>The shape (channels, height, width) of a sample after <paramref name="transform"/>'s crop.</summary>
    public static (int Channels, int Height, int Width) OutputShape(TransformationParameter transform, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(transform);
        int crop = (int)transform.CropSize;
        return crop > 0 ? (channels, crop, crop) : (channels, height, width);
    }

    private static IEnumerable<(float[] Data, int Label)> TransformAll(
        IEnumerable<(byte[] Pixels, int Label)> items, byte[] parameter, bool train, int channels, int height, int width, int[]? meanShape, float[]? meanData, int seed)
    {
        var mean = meanShape is null || meanData is null ? null : new BlobData(meanShape, meanData);
        var transformer = new DataTransformer(TransformationParameter.Parser.ParseFrom(parameter), train ? Phase.Train : Phase.Test, channels, height, width, mean, seed);
        foreach (var (pixels, label) in items)
        {
            var data = new float[transformer.OutputSize];
            transformer.Transform(pixels, data);
            yield return (data, label);
        }
    }
}
