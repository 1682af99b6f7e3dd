namespace ActorNet.Gpu.Tests.DataFormats;

public class ImageMeanTests
{
    [Fact]
    public void Mean_image_is_per_pixel_and_feeds_a_mean_file_transform()
    {
        var images = new LabeledImages([0, 10, 20, 30, 2, 10, 21, 35], [0, 1], 2, 1, 2);
        BlobData mean = ImageMean.Compute(images);
        Assert.Equal([1, 2, 1, 2], mean.Shape);
        Assert.Equal([1f, 10f, 20.5f, 32.5f], mean.Data);

        var t = new DataTransformer(new TransformationParameter { MeanFile = "mean.binaryproto" }, Phase.Test, 2, 1, 2, mean);
        var output = new float[4];
        t.Transform(images.Image(0), output);
        Assert.Equal([-1f, 0f, -0.5f, -2.5f], output);
        Assert.Throws<ArgumentException>(() => ImageMean.Compute(new LabeledImages([], [], 1, 1, 1)));
    }
}
