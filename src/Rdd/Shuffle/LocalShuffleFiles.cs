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
    /// <exception cref="IOException">
    /// The files could not be written (a full disk, a read-only folder): the message names the file, so a task that
    /// fails on one worker's disk says which; the partial files are deleted.
    /// </exception>
    public long[] Commit(int shuffleId, int mapId, long attemptId, int numReducers, Action<int, BinaryWriter> writeSegment)
    {
        var dataTmp = DataPath(shuffleId, mapId) + $".{attemptId}.tmp";
        var indexTmp = IndexPath(shuffleId, mapId) + $".{attemptId}.tmp";
        // The file being written or moved; null while the caller's segment writer runs (its errors are its own).
        string? writing = dataTmp;
        try
        {
            return Write(shuffleId, mapId, dataTmp, indexTmp, numReducers, writeSegment, file => writing = file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && writing is not null)
        {
            DeleteQuietly(dataTmp);
            DeleteQuietly(indexTmp);
            // .NET names the file in most I/O errors (ENOSPC: "No space left on device : 'path'"); the rest get it here.
            var where = e.Message.Contains(writing, StringComparison.Ordinal) ? "" : $" to {writing}";
            throw new IOException($"cannot write shuffle {shuffleId} map {mapId} output{where}: {e.Message}", e);
        }
    }

    private long[] Write(int shuffleId, int mapId, string dataTmp, string indexTmp, int numReducers, Action<int, BinaryWriter> writeSegment,
        Action<string?> writing)
    {
        var sizes = new long[numReducers];
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
                writing(null);
                writeSegment(r, segmentWriter);
                segmentWriter.Flush();
                writing(dataTmp);
                data.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                sizes[r] = buffer.Length;
                offset += buffer.Length;
                index.Write(offset);
            }
            // Buffered bytes reach the disk here at the latest; a full disk fails this flush.
            data.Flush();
            writing(indexTmp);
            index.Flush();
        }
        writing(DataPath(shuffleId, mapId));
        File.Move(dataTmp, DataPath(shuffleId, mapId), overwrite: true);
        writing(IndexPath(shuffleId, mapId));
        File.Move(indexTmp, IndexPath(shuffleId, mapId), overwrite: true);
        return sizes;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own error is the one to report.
        }
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
