namespace ActorNet.Rdd.Shuffle;

/// <summary>
/// Map outputs on local disk in Spark's sort-shuffle layout: one data file per map task holding every
/// reduce partition's segment back to back, and an index file of the segment offsets.
/// </summary>
internal sealed class LocalShuffleFiles : IShuffleBlockFetcher
{
    // The folder holding every shuffle file of this executor.
    private readonly string _directory;

    public LocalShuffleFiles(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public string DataPath(int shuffleId, int mapId) => Path.Combine(_directory, $"shuffle_{shuffleId}_{mapId}_0.data");

    public string IndexPath(int shuffleId, int mapId) => Path.Combine(_directory, $"shuffle_{shuffleId}_{mapId}_0.index");

    /// <summary>
    /// Writes the reduce partitions' segments one after another (<paramref name="writeSegment"/> writes
    /// partition r's records) and commits data and index by renaming, so a reader never sees half a file.
    /// Returns each segment's size.
    /// </summary>
    public long[] Commit(int shuffleId, int mapId, long attemptId, int numReducers, Action<int, BinaryWriter> writeSegment)
    {
        var sizes = new long[numReducers];
        var dataTmp = DataPath(shuffleId, mapId) + $".{attemptId}.tmp";
        var indexTmp = IndexPath(shuffleId, mapId) + $".{attemptId}.tmp";
        // Records are serialized into one reused memory buffer per segment: per-record writes to a
        // MemoryStream are far cheaper than through FileStream's layers, and the buffer grows only once.
        var buffer = new MemoryStream();
        using (var segmentWriter = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        using (var data = new FileStream(dataTmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var index = new BinaryWriter(new FileStream(indexTmp, FileMode.Create, FileAccess.Write)))
        {
            long offset = 0;
            index.Write(offset);
            for (var r = 0; r < numReducers; r++)
            {
                buffer.SetLength(0);
                writeSegment(r, segmentWriter);
                segmentWriter.Flush();
                data.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                sizes[r] = buffer.Length;
                offset += buffer.Length;
                index.Write(offset);
            }
        }
        File.Move(dataTmp, DataPath(shuffleId, mapId), overwrite: true);
        File.Move(indexTmp, IndexPath(shuffleId, mapId), overwrite: true);
        return sizes;
    }

    public Stream Open(MapStatus status, int shuffleId, int reduceId)
    {
        try
        {
            long start;
            using (var index = new BinaryReader(File.OpenRead(IndexPath(shuffleId, status.MapId))))
            {
                index.BaseStream.Position = reduceId * 8L;
                start = index.ReadInt64();
            }
            var data = new FileStream(DataPath(shuffleId, status.MapId), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            data.Position = start;
            return data;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FetchFailedException(shuffleId, status.MapId, reduceId, status.ExecutorId,
                $"Cannot read shuffle {shuffleId} map {status.MapId} reduce {reduceId} on executor {status.ExecutorId}: {e.Message}");
        }
    }

    /// <summary>One reduce partition's segment of a map output, read whole (what a peer executor asks for).</summary>
    /// <exception cref="IOException">The output's files are missing or short.</exception>
    public byte[] ReadSegment(int shuffleId, int mapId, int reduceId)
    {
        long start, end;
        using (var index = new BinaryReader(File.OpenRead(IndexPath(shuffleId, mapId))))
        {
            index.BaseStream.Position = reduceId * 8L;
            start = index.ReadInt64();
            end = index.ReadInt64();
        }
        using var data = new FileStream(DataPath(shuffleId, mapId), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        data.Position = start;
        var bytes = new byte[end - start];
        data.ReadExactly(bytes);
        return bytes;
    }

    public void Remove(int shuffleId)
    {
        if (!Directory.Exists(_directory)) return;
        foreach (var file in Directory.EnumerateFiles(_directory, $"shuffle_{shuffleId}_*")) File.Delete(file);
    }
}
