using System.Text;

namespace ActorNet.Rdd.Input;

/// <summary>
/// Reads the lines of one split as Hadoop's LineRecordReader: a split that does not start at 0 skips its
/// first (partial) line, and every split reads the line that crosses its end. Lines end at \n, \r\n or \r.
/// </summary>
internal static class LineReader
{
    public static IEnumerable<string> Lines(FileSplit split)
    {
        using var stream = new FileStream(split.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        stream.Position = split.Start;
        var end = split.Start + split.Length;
        var pos = split.Start;
        var line = new MemoryStream();
        if (split.Start != 0) pos += ReadLine(stream, line);
        while (pos <= end)
        {
            var consumed = ReadLine(stream, line);
            if (consumed == 0) break;
            pos += consumed;
            yield return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
        }
    }

    // Fills `line` with the next line's bytes; returns the bytes consumed including the terminator.
    private static int ReadLine(Stream stream, MemoryStream line)
    {
        line.SetLength(0);
        var consumed = 0;
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) return consumed;
            consumed++;
            if (b == '\n') return consumed;
            if (b == '\r')
            {
                var next = stream.ReadByte();
                if (next == '\n') return consumed + 1;
                if (next >= 0) stream.Position--;
                return consumed;
            }
            line.WriteByte((byte)b);
        }
    }
}
