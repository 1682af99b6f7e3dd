namespace ActorNet.Gpu.Tests.DataFormats;

public class FashionMnistTests
{
    [FashionMnistFact]
    public void The_installed_Fashion_MNIST_files_read_with_the_published_counts()
    {
        LabeledImages train = IdxFile.ReadMnistFolder(FashionMnistFactAttribute.Folder, train: true);
        LabeledImages test = IdxFile.ReadMnistFolder(FashionMnistFactAttribute.Folder, train: false);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.All(train.Labels, l => Assert.InRange(l, 0, 9));
        // Fashion-MNIST is balanced: 6000 training and 1000 test images per class.
        Assert.All(train.Labels.CountBy(l => l), c => Assert.Equal(6000, c.Value));
        Assert.All(test.Labels.CountBy(l => l), c => Assert.Equal(1000, c.Value));
        Assert.Contains(train.Pixels, p => p == 255);
    }
}
