namespace ActorNet.Gpu.Tests.DataFormats;

/// <summary>A test that needs the Debian package dataset-fashion-mnist; skipped, with the reason, when it is not installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(Folder, "train-images-idx3-ubyte.gz")) && !File.Exists(Path.Combine(Folder, "train-images-idx3-ubyte")))
            Skip = $"Fashion-MNIST is not installed under {Folder} (apt-get install dataset-fashion-mnist)";
    }
}
