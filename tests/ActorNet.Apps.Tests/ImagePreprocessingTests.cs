using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training;

namespace ActorNet.Apps.Tests;

public sealed class ImagePreprocessingTests
{
    private static (byte[] Pixels, int Label)[] Images(int count, int size) =>
        [.. Enumerable.Range(0, count).Select(i => (Enumerable.Range(0, 3 * size * size).Select(p => (byte)((p * 7 + i * 13) % 256)).ToArray(), i % 3))];

    [Fact]
    public void TheMeanImageOverPartitionsEqualsCaffesComputeImageMean()
    {
        var images = Images(9, 4);
        using var context = new ClusterContext("local[2]", "mean-test");
        var (mean, count) = ImagePreprocessing.MeanImage(context.Parallelize(images, 3), 3, 4, 4);
        var expected = ImageMean.Compute(new LabeledImages([.. images.SelectMany(i => i.Pixels)], [.. images.Select(i => i.Label)], 3, 4, 4));
        Assert.Equal(9, count);
        Assert.Equal(expected.Shape, mean.Shape);
        Assert.Equal(expected.Data, mean.Data);
    }

    [Fact]
    public void TheTestPhaseCentreCropsAndSubtractsTheMeanAtTheCropsPixels()
    {
        var images = Images(2, 6);
        var mean = new BlobData([1, 3, 6, 6], [.. Enumerable.Range(0, 108).Select(p => (float)p / 4)]);
        var transform = new TransformationParameter { CropSize = 4, MeanFile = "mean.binaryproto" };
        using var context = new ClusterContext("local[2]", "transform-test");
        var samples = ImagePreprocessing.Transform(context.Parallelize(images, 2), transform, Phase.Test, 3, 6, 6, mean, seed: 1).Collect();

        Assert.Equal(2, samples.Length);
        var (data, label) = samples[1];
        Assert.Equal(images[1].Label, label);
        Assert.Equal(3 * 4 * 4, data.Length);
        // Channel 2, row 3, column 2 of the crop is pixel (2, 4, 3) of the image: offset 1 on each side.
        int source = (2 * 6 + 4) * 6 + 3;
        Assert.Equal(images[1].Pixels[source] - mean.Data[source], data[(2 * 4 + 3) * 4 + 2]);
    }

    [Fact]
    public void TrainCropsAreRandomButTheSameWhenAPartitionIsRecomputed()
    {
        var images = Images(8, 8);
        var transform = new TransformationParameter { CropSize = 5, Mirror = true };
        using var context = new ClusterContext("local[2]", "crop-test");
        var rdd = ImagePreprocessing.Transform(context.Parallelize(images, 2), transform, Phase.Train, 3, 8, 8, null, seed: 7);
        var first = rdd.Collect();
        var second = rdd.Collect();
        Assert.Equal(first.Select(s => s.Data), second.Select(s => s.Data));
        var centre = ImagePreprocessing.Transform(context.Parallelize(images, 2), transform, Phase.Test, 3, 8, 8, null, seed: 7).Collect();
        Assert.Contains(Enumerable.Range(0, 8), i => !first[i].Data.SequenceEqual(centre[i].Data));
    }
}
