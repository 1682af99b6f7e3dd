namespace ActorNet.Rdd.Storage;

/// <summary>Serialized blocks as files under the executor's block folder.</summary>
internal sealed class DiskStore
{
    // Folder holding one file per block.
    private readonly string _directory;

    public DiskStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public void Put(BlockId id, byte[] bytes)
    {
        var path = PathOf(id);
        var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    public byte[]? Get(BlockId id)
    {
        try
        {
            return File.ReadAllBytes(PathOf(id));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public bool Contains(BlockId id) => File.Exists(PathOf(id));

    public long SizeOf(BlockId id)
    {
        var info = new FileInfo(PathOf(id));
        return info.Exists ? info.Length : 0;
    }

    public bool Remove(BlockId id)
    {
        var path = PathOf(id);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    private string PathOf(BlockId id) => Path.Combine(_directory, id.ToString());
}
