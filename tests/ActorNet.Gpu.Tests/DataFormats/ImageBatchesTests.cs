namespace ActorNet.Gpu.Tests.DataFormats;

public class ImageBatchesTests
{
    // Five 1x1x2 images whose pixels and label equal their index.
    private static LabeledImages Five() =>
        new([.. Enumerable.Range(0, 5).SelectMany(i => new[] { (byte)i, (byte)i })], [0, 1, 2, 3, 4], 1, 1, 2);

    private static DataTransformer Identity() => new(new TransformationParameter(), Phase.Train, 1, 1, 2);

    [Fact]
    public void Batches_wrap_around_the_end_of_the_set_and_count_epochs()
    {
        var batches = new ImageBatches(Five(), Identity(), batchSize: 3);
        var data = new float[6];
        var labels = new float[3];
        batches.Next(data, labels);
        Assert.Equal([0f, 1f, 2f], labels);
        Assert.Equal([0f, 0f, 1f, 1f, 2f, 2f], data);
        batches.Next(data, labels);
        Assert.Equal([3f, 4f, 0f], labels);
        Assert.Equal(1, batches.Epoch);
        Assert.Equal([3, 1, 1, 2], batches.DataShape);
    }

    [Fact]
    public void Shuffled_epochs_visit_every_image_once_and_repeat_with_a_seed()
    {
        var a = new ImageBatches(Five(), Identity(), batchSize: 5, shuffle: true, seed: 3);
        var b = new ImageBatches(Five(), Identity(), batchSize: 5, shuffle: true, seed: 3);
        var data = new float[10];
        var first = new float[5];
        var second = new float[5];
        var orders = new HashSet<string>();
        for (int epoch = 0; epoch < 6; epoch++)
        {
            a.Next(data, first);
            b.Next(data, second);
            Assert.Equal(first, second);
            Assert.Equal([0f, 1f, 2f, 3f, 4f], first.Order());
            orders.Add(string.Join(",", first));
        }
        Assert.True(orders.Count > 1, "the order should change between epochs");
    }

    [Fact]
    public void Feeds_a_nets_input_blobs()
    {
        var batches = new ImageBatches(Five(), Identity(), batchSize: 2);
        var data = new Blob(2, 1, 1, 2);
        var labels = new Blob(2, 1);
        batches.Next(data, labels);
        Assert.Equal([0f, 0f, 1f, 1f], data.GetData());
        Assert.Equal([0f, 1f], labels.GetData());
        Assert.Throws<ArgumentException>(() => batches.Next(new Blob(3, 1, 1, 2), labels));
    }
}
