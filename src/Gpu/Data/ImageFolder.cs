namespace ActorNet.Gpu;

/// <summary>The image-set layouts <see cref="ImageFolder"/> recognises.</summary>
public enum ImageFolderFormat
{
    /// <summary>MNIST / Fashion-MNIST IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-* (raw or .gz).</summary>
    Idx,

    /// <summary>CIFAR-10 binary batches: data_batch_1..5.bin and test_batch.bin (or a cifar-10-batches-bin subfolder holding them).</summary>
    CifarBinary,
}

/// <summary>
/// A folder of labelled images in one of the layouts ActorNet reads, recognised by the files present,
/// so a user can point a command at a data folder without saying which format it holds.
/// </summary>
public static class ImageFolder
{
    /// <summary>What a folder must hold, for error messages.</summary>
    public const string ExpectedFiles =
        "MNIST-style IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, raw or .gz) "
        + "or CIFAR-10 binary batches (data_batch_1.bin .. data_batch_5.bin, test_batch.bin)";

    /// <summary>The format of the images in <paramref name="folder"/>, or null when it is not a folder or holds neither layout.</summary>
    public static ImageFolderFormat? Detect(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) return null;
        if (HasAny(folder, "train-images-idx3-ubyte") || HasAny(folder, "t10k-images-idx3-ubyte")) return ImageFolderFormat.Idx;
        string cifar = Directory.Exists(Path.Combine(folder, "cifar-10-batches-bin")) ? Path.Combine(folder, "cifar-10-batches-bin") : folder;
        if (File.Exists(Path.Combine(cifar, "data_batch_1.bin")) || File.Exists(Path.Combine(cifar, "test_batch.bin"))) return ImageFolderFormat.CifarBinary;
        return null;
    }

    /// <summary>
    /// Reads the training (<paramref name="train"/>) or test set from <paramref name="folder"/>. A missing
    /// folder is a <see cref="DirectoryNotFoundException"/>, a folder in neither layout a
    /// <see cref="FileNotFoundException"/>; both name the folder and what it should hold.
    /// </summary>
    public static LabeledImages Read(string folder, bool train)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"data folder {folder} does not exist; it should hold {ExpectedFiles}");
        return Detect(folder) switch
        {
            ImageFolderFormat.Idx => IdxFile.ReadMnistFolder(folder, train),
            ImageFolderFormat.CifarBinary => CifarBinary.ReadFolder(folder, train),
            _ => throw new FileNotFoundException($"data folder {folder} holds no images ActorNet reads; it should hold {ExpectedFiles}", folder),
        };
    }

    private static bool HasAny(string folder, string name) =>
        File.Exists(Path.Combine(folder, name)) || File.Exists(Path.Combine(folder, name + ".gz"));
}
