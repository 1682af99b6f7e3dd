using System.Buffers.Binary;
using System.IO.Compression;

namespace ActorNet.Gpu;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST (raw or gzip-compressed, detected from
/// the content): a 4-byte magic (two zero bytes, a type code, the number of dimensions), the
/// dimensions as big-endian 32-bit integers, then the values. Only unsigned bytes (type 0x08,
/// what MNIST uses) are supported. The header, the dimensions and the data length are checked;
/// errors name the file and the byte offset (in the decompressed data for .gz files).
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes, returning its dimensions and values.</summary>
    public static (int[] Dims, byte[] Data) Read(string path)
    {
        byte[] bytes = ReadContent(path, out bool gzip);
        string where = gzip ? " in the decompressed data" : "";
        if (bytes.Length < 4)
            throw new DataFormatException(path, bytes.Length, $"the file ends{where} inside the 4-byte IDX header ({bytes.Length} bytes)");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new DataFormatException(path, 0, $"bad IDX magic {bytes[0]:x2} {bytes[1]:x2} {bytes[2]:x2} {bytes[3]:x2}: the first two bytes must be zero (not an IDX file?)");
        if (bytes[2] != UnsignedByteType)
            throw new DataFormatException(path, 2, $"IDX type code 0x{bytes[2]:x2} is not supported; only unsigned bytes (0x08) are");
        int rank = bytes[3];
        if (rank == 0) throw new DataFormatException(path, 3, "IDX file declares 0 dimensions");
        int headerSize = 4 + 4 * rank;
        if (bytes.Length < headerSize)
            throw new DataFormatException(path, bytes.Length, $"the file ends{where} inside the dimensions: {rank} dimensions need {headerSize} header bytes, the file has {bytes.Length}");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            int offset = 4 + 4 * i;
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            if (d > int.MaxValue) throw new DataFormatException(path, offset, $"dimension {i} is {d}, too large");
            dims[i] = (int)d;
            count *= d;
        }
        long available = bytes.Length - headerSize;
        if (available < count)
            throw new DataFormatException(path, bytes.Length,
                $"the file ends{where} after {available} of {count} data bytes for dimensions {string.Join("x", dims)} (truncated?)");
        if (available > count)
            throw new DataFormatException(path, headerSize + count,
                $"{available - count} unexpected bytes{where} after the {count} data bytes for dimensions {string.Join("x", dims)}");
        return (dims, bytes[headerSize..]);
    }

    /// <summary>
    /// Reads an MNIST-style pair: an images file (N×H×W) and a labels file (N). The counts must
    /// agree; labels must be below <paramref name="classes"/>.
    /// </summary>
    public static LabeledImages ReadImagesAndLabels(string imagesPath, string labelsPath, int classes = 10)
    {
        var (imageDims, pixels) = Read(imagesPath);
        if (imageDims.Length != 3)
            throw new DataFormatException(imagesPath, 3, $"an images file has 3 dimensions (count, rows, columns), this one has {imageDims.Length}");
        var (labelDims, labelBytes) = Read(labelsPath);
        if (labelDims.Length != 1)
            throw new DataFormatException(labelsPath, 3, $"a labels file has 1 dimension, this one has {labelDims.Length}");
        if (labelDims[0] != imageDims[0])
            throw new DataFormatException(labelsPath, 4, $"{labelDims[0]} labels for {imageDims[0]} images in {imagesPath}");
        var labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labelBytes[i] >= classes)
                throw new DataFormatException(labelsPath, 8 + i, $"label {labelBytes[i]} of image {i} is not below {classes}");
            labels[i] = labelBytes[i];
        }
        return new LabeledImages(pixels, labels, 1, imageDims[1], imageDims[2]);
    }

    /// <summary>
    /// Reads the training (train-*) or test (t10k-*) set from an MNIST / Fashion-MNIST folder such
    /// as /usr/share/datasets/fashion-mnist, accepting both the .gz and the uncompressed names.
    /// </summary>
    public static LabeledImages ReadMnistFolder(string folder, bool train)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string prefix = train ? "train" : "t10k";
        return ReadImagesAndLabels(Find(folder, $"{prefix}-images-idx3-ubyte"), Find(folder, $"{prefix}-labels-idx1-ubyte"));
    }

    /// <summary>Writes unsigned bytes as an IDX file, gzip-compressed when the path ends in .gz.</summary>
    public static void Write(string path, int[] dims, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length is 0 or > 255) throw new ArgumentException("an IDX file has 1 to 255 dimensions", nameof(dims));
        long count = dims.Aggregate(1L, (a, d) => a * d);
        if (count != data.Length) throw new ArgumentException($"dimensions {string.Join("x", dims)} hold {count} values, got {data.Length}", nameof(data));
        using FileStream file = File.Create(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        Span<byte> header = stackalloc byte[4];
        header[0] = 0;
        header[1] = 0;
        header[2] = UnsignedByteType;
        header[3] = (byte)dims.Length;
        stream.Write(header);
        foreach (int d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(header, d);
            stream.Write(header);
        }
        stream.Write(data);
    }

    private static string Find(string folder, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"neither {name} nor {name}.gz is in {folder}", Path.Combine(folder, name));
    }

    private static byte[] ReadContent(string path, out bool gzip)
    {
        byte[] raw = DataFormatException.ReadAllBytes(path);
        gzip = raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;
        if (!gzip) return raw;
        using var output = new MemoryStream(raw.Length * 4);
        try
        {
            using var unzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            unzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, output.Length, $"corrupt gzip data after {output.Length} decompressed bytes: {e.Message}", e);
        }
        return output.ToArray();
    }
}
