namespace ActorNet.Gpu;

/// <summary>
/// Reads one slice of a CIFAR-10 binary batch file without loading the rest of it, so that several
/// workers can each read their part of a batch. Unlike <see cref="CifarBinary.Read"/>, a file whose length
/// is not a whole number of 3073-byte records is read up to its last whole record and the incomplete tail
/// is reported in <see cref="Warning"/> (file and byte offset), because a truncated download should cost
/// its last record, not the whole run.
/// </summary>
public sealed class CifarBatchSlice
{
    private CifarBatchSlice(LabeledImages images, string? warning)
    {
        Images = images;
        Warning = warning;
    }

    /// <summary>The slice's images (3×32×32, RGB planes) and labels.</summary>
    public LabeledImages Images { get; }

    /// <summary>
    /// Set on the last slice of a truncated file: names the file, the byte offset of the incomplete record
    /// and how many whole records were read; null otherwise.
    /// </summary>
    public string? Warning { get; }

    /// <summary>
    /// Reads slice <paramref name="slice"/> of <paramref name="slices"/> equal parts of the file's whole
    /// records. A label outside 0–9 or an unreadable file is a <see cref="DataFormatException"/>.
    /// </summary>
    public static CifarBatchSlice Read(string path, int slice, int slices)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(slice);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slice, slices);
        const int record = CifarBinary.RecordSize, image = CifarBinary.RecordSize - 1;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            long length = stream.Length;
            long records = length / record;
            long tail = length - records * record;
            long from = slice * records / slices, to = (slice + 1) * records / slices;
            string? warning = null;
            if (records == 0)
                warning = $"{path}: at byte offset 0: no whole record ({length} of {record} bytes); the file is empty or truncated and gives no images";
            else if (tail != 0 && slice == slices - 1)
                warning = $"{path}: at byte offset {records * record}: the last record is incomplete ({tail} of {record} bytes; truncated?); read the {records} whole records and skipped it";

            int count = checked((int)(to - from));
            var bytes = new byte[(long)count * record];
            stream.Seek(from * record, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
            var pixels = new byte[(long)count * image];
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                byte label = bytes[i * record];
                if (label > 9)
                    throw new DataFormatException(path, (from + i) * record, $"record {from + i} has label {label}; CIFAR-10 labels are 0-9 (not a CIFAR-10 batch?)");
                labels[i] = label;
                Buffer.BlockCopy(bytes, i * record + 1, pixels, i * image, image);
            }
            return new CifarBatchSlice(new LabeledImages(pixels, labels, 3, 32, 32), warning);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, -1, $"cannot read the file: {e.Message}", e);
        }
    }
}
