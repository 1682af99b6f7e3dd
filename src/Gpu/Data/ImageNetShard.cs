using System.Formats.Tar;

namespace ActorNet.Gpu;

/// <summary>
/// Reads one tar shard of ImageNet JPEGs (the layout SparkNet's upload script produced: many tars, each a
/// flat or foldered set of JPEG files, labelled by <c>train.txt</c>/<c>val.txt</c>): decodes each JPEG
/// with libjpeg-turbo and resizes it to size×size, channel-major BGR bytes as Caffe's
/// <c>convert_imageset</c> stores them. Directory entries, links and other non-file entries, files the
/// label list does not name, and JPEGs that do not decode are skipped and counted in
/// <see cref="ImageNetShardReport"/>, never fatal; a tar that ends early or has a corrupt header ends the
/// shard at that entry with the byte offset in the report.
/// </summary>
public static class ImageNetShard
{
    /// <summary>
    /// The images of <paramref name="tarPath"/> in tar order, as (3×size×size BGR pixels, label).
    /// <paramref name="report"/> receives the counts when the enumeration ends (also when it is abandoned early).
    /// </summary>
    public static IEnumerable<(byte[] Pixels, int Label)> Read(string tarPath, ImageNetLabels labels, int size, Action<ImageNetShardReport> report)
    {
        ArgumentNullException.ThrowIfNull(tarPath);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return ReadIterator(tarPath, labels, size, report);
    }

    private static IEnumerable<(byte[] Pixels, int Label)> ReadIterator(string tarPath, ImageNetLabels labels, int size, Action<ImageNetShardReport> report)
    {
        var counts = new ImageNetShardReport(tarPath);
        using var codec = JpegCodec.Create();
        FileStream stream;
        try
        {
            stream = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(tarPath, -1, $"cannot read the tar: {e.Message}", e);
        }
        using (stream)
        using (var reader = new TarReader(stream))
        {
            try
            {
                while (true)
                {
                    long offset = stream.Position;
                    TarEntry? entry;
                    byte[] content;
                    try
                    {
                        entry = reader.GetNextEntry();
                        if (entry is null) break;
                        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                        {
                            counts.Skip(entry.EntryType == TarEntryType.Directory ? SkipReason.Directory : SkipReason.NotAFile, entry.Name);
                            continue;
                        }
                        // Where the entry's data starts (the reader may already stand past it on a seekable stream).
                        content = ReadAll(entry, stream.Length - (entry.DataOffset >= 0 ? entry.DataOffset : stream.Position));
                    }
                    // TarReader throws InvalidOperationException (a PAX header whose size lies) and ArgumentException
                    // as well as the format errors for a corrupt header: all of them end the shard here.
                    catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or InvalidOperationException or ArgumentException)
                    {
                        counts.EndedEarly = $"the tar is truncated or corrupt at byte offset {offset}: {e.Message}";
                        break;
                    }
                    if (labels.Find(entry.Name) is not int label)
                    {
                        counts.Skip(SkipReason.Unlabelled, entry.Name);
                        continue;
                    }
                    if (!codec.TryDecode(content, out DecodedImage image, out string error))
                    {
                        counts.Skip(SkipReason.CorruptJpeg, $"{entry.Name} ({error})");
                        continue;
                    }
                    counts.Images++;
                    yield return (ImageResize.ToPlanar(image, size, size), label);
                }
            }
            finally
            {
                report(counts);
            }
        }
    }

    // A header's size is checked against the bytes the file has left before anything is allocated: a corrupt or lying
    // header must end the shard, not ask for gigabytes.
    private static byte[] ReadAll(TarEntry entry, long bytesLeft)
    {
        if (entry.DataStream is null) return [];
        if (entry.Length > bytesLeft)
            throw new EndOfStreamException($"entry '{entry.Name}' claims {entry.Length} bytes, the file has {bytesLeft} left");
        if (entry.Length > Array.MaxLength)
            throw new InvalidDataException($"entry '{entry.Name}' has {entry.Length} bytes, more than one image can be");
        var content = new byte[(int)entry.Length];
        entry.DataStream.ReadExactly(content);
        return content;
    }
}
