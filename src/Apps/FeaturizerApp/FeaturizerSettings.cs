namespace ActorNet.FeaturizerApp;

/// <summary>The options of a FeaturizerApp run.</summary>
/// <param name="Master">The master URL (local[N], local-cluster[N], actornet://…).</param>
/// <param name="ModelPath">The .caffemodel (Caffe's, or one TrainedModel.Save wrote).</param>
/// <param name="NetPath">The net prototxt, or null for the .prototxt beside the model.</param>
/// <param name="DataFolder">The folder holding the images.</param>
/// <param name="Input">mnist, cifar or imagenet, or null to tell from the folder's files.</param>
/// <param name="Train">The training split instead of the test (ImageNet: validation) split.</param>
/// <param name="Blob">The blob whose values are each image's features.</param>
/// <param name="OutputPath">The new folder the part files go to.</param>
/// <param name="Format">text (label,f1,f2,… lines) or object (SaveAsObjectFile of (label, features)).</param>
/// <param name="Workers">Partitions to read MNIST and CIFAR into, or null for the master's parallelism.</param>
/// <param name="Scale">--scale, or null for the net's or the layout's default.</param>
/// <param name="MeanPath">--mean, or null for mean.binaryproto beside the model or the net's mean_file.</param>
/// <param name="Crop">--crop, or null for the net's or one fitted to the net's input.</param>
/// <param name="Resize">ImageNet: the square size JPEGs are resized to before the crop.</param>
/// <param name="Threads">CPU threads for the kernels, or null for the default.</param>
internal sealed record FeaturizerSettings(
    string Master, string ModelPath, string? NetPath, string DataFolder, string? Input, bool Train, string Blob, string OutputPath, string Format,
    int? Workers = null, float? Scale = null, string? MeanPath = null, int? Crop = null, int Resize = 256, int? Threads = null)
{
    public void Validate()
    {
        if (Format is not ("text" or "object")) throw new ArgumentException($"--format {Format} is unknown; the formats are text and object.");
        if (Workers is < 1) throw new ArgumentException($"--workers must be at least 1, not {Workers}.");
        if (Crop is < 1) throw new ArgumentException($"--crop must be at least 1, not {Crop}.");
        if (Resize < 1) throw new ArgumentException($"--resize must be at least 1, not {Resize}.");
        if (Threads is < 1) throw new ArgumentException($"--threads must be at least 1, not {Threads}.");
        if (Scale is float s && !(float.IsFinite(s) && s != 0)) throw new ArgumentException($"--scale must be a finite number other than 0, not {s}.");
        if (string.IsNullOrWhiteSpace(Blob)) throw new ArgumentException("--blob names the blob to featurize (e.g. fc7, ip1).");
        if (Directory.Exists(OutputPath) || File.Exists(OutputPath))
            throw new ArgumentException($"--out {OutputPath} already exists; FeaturizerApp writes a new folder (as Spark's saveAsTextFile).");
    }
}
