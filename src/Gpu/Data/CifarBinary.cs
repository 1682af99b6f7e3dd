namespace ActorNet.Gpu;

/// <summary>
/// Reads CIFAR-10's binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin): records
/// of one label byte (0–9) followed by 3072 pixel bytes, a 32×32 red plane, then green, then blue.
/// </summary>
public static class CifarBinary
{
    /// <summary>Bytes per record: 1 label + 3×32×32 pixels.</summary>
    public const int RecordSize = 1 + ImageSize;

    private const int ImageSize = 3 * 32 * 32;

    /// <summary>
    /// Reads one batch file. A file whose length is not a whole number of records, or a label
    /// outside 0–9, is a <see cref="DataFormatException"/> naming the file and byte offset.
    /// </summary>
    public static LabeledImages Read(string path)
    {
        byte[] bytes = DataFormatException.ReadAllBytes(path);
        if (bytes.Length == 0) throw new DataFormatException(path, 0, "the file is empty; expected records of 3073 bytes");
        if (bytes.Length % RecordSize != 0)
        {
            long last = bytes.Length / RecordSize * (long)RecordSize;
            throw new DataFormatException(path, last,
                $"the last record is incomplete: {bytes.Length - last} of {RecordSize} bytes (file length {bytes.Length} is not a multiple of {RecordSize}; truncated?)");
        }
        int count = bytes.Length / RecordSize;
        var pixels = new byte[(long)count * ImageSize];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int record = i * RecordSize;
            byte label = bytes[record];
            if (label > 9) throw new DataFormatException(path, record, $"record {i} has label {label}; CIFAR-10 labels are 0-9 (not a CIFAR-10 batch?)");
            labels[i] = label;
            Buffer.BlockCopy(bytes, record + 1, pixels, i * ImageSize, ImageSize);
        }
        return new LabeledImages(pixels, labels, 3, 32, 32);
    }

    /// <summary>Reads several batch files into one set, in the given order.</summary>
    public static LabeledImages ReadAll(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return LabeledImages.Concat(paths.Select(Read).ToList());
    }

    /// <summary>
    /// Reads the standard training (data_batch_1..5.bin) or test (test_batch.bin) files from a
    /// folder as extracted from cifar-10-binary.tar.gz (the folder itself or its
    /// cifar-10-batches-bin subfolder).
    /// </summary>
    public static LabeledImages ReadFolder(string folder, bool train)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string dir = Directory.Exists(Path.Combine(folder, "cifar-10-batches-bin")) ? Path.Combine(folder, "cifar-10-batches-bin") : folder;
        string[] names = train ? [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")] : ["test_batch.bin"];
        string[] paths = [.. names.Select(n => Path.Combine(dir, n))];
        string? missing = paths.FirstOrDefault(p => !File.Exists(p));
        if (missing is not null) throw new FileNotFoundException($"CIFAR-10 batch file not found: {missing}", missing);
        return ReadAll(paths);
    }

    /// <summary>Writes images as a CIFAR-10 binary batch (used by tests and tools to make small batches).</summary>
    public static void Write(string path, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if ((images.Channels, images.Height, images.Width) != (3, 32, 32))
            throw new ArgumentException($"CIFAR-10 images are 3x32x32, got {images.Channels}x{images.Height}x{images.Width}", nameof(images));
        using FileStream stream = File.Create(path);
        for (int i = 0; i < images.Count; i++)
        {
            if (images.Labels[i] is < 0 or > 9) throw new ArgumentException($"image {i} has label {images.Labels[i]}; CIFAR-10 labels are 0-9", nameof(images));
            stream.WriteByte((byte)images.Labels[i]);
            stream.Write(images.Image(i));
        }
    }
}
