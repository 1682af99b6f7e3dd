namespace ActorNet.Rdd.Storage;

/// <summary>
/// A process's scratch folder for one application (shuffle outputs, spilled blocks) that says whether its owner still
/// lives: the owner holds an exclusive lock on the folder's <c>.owner</c> file for as long as it runs, and the operating
/// system drops the lock when the process ends, however it ends. A folder whose owner was killed (SIGKILL cannot clean
/// up) is therefore recognisable, and <see cref="SweepOrphans(string)"/> deletes it: what Spark's standalone worker does for
/// the folders of executors that died (<c>spark.worker.cleanup</c>), done by whichever ActorNet process starts an
/// application next under the same root.
/// </summary>
internal sealed class OwnedDirectory : IDisposable
{
    /// <summary>The lock file's name inside an owned folder.</summary>
    public const string OwnerFile = ".owner";

    // Owner files younger than this are never swept: the moment between creating the file and locking it.
    private static readonly TimeSpan YoungestSwept = TimeSpan.FromMinutes(1);

    private readonly FileStream _owner;

    private OwnedDirectory(string path, FileStream owner)
    {
        Path = path;
        _owner = owner;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Creates <paramref name="path"/> (if needed) and takes its owner lock for this process.</summary>
    /// <exception cref="IOException">Another live process owns the folder.</exception>
    public static OwnedDirectory Create(string path)
    {
        Directory.CreateDirectory(path);
        // FileShare.None is an exclusive flock on Unix (and a sharing lock on Windows), released when the process dies.
        var owner = new FileStream(System.IO.Path.Combine(path, OwnerFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        return new OwnedDirectory(path, owner);
    }

    /// <summary>
    /// Deletes the folders named <c>actornet-*</c> directly under <paramref name="root"/> that have an owner file no live
    /// process holds, made over a minute ago; returns how many. Folders without an owner file (not made by this class) are
    /// left alone, and so is whatever cannot be deleted now.
    /// </summary>
    public static int SweepOrphans(string root) => SweepOrphans(root, DateTime.UtcNow - YoungestSwept);

    /// <summary>As <see cref="SweepOrphans(string)"/>, for owner files made before <paramref name="madeBefore"/> only.</summary>
    internal static int SweepOrphans(string root, DateTime madeBefore)
    {
        if (!Directory.Exists(root)) return 0;
        int swept = 0;
        foreach (var folder in Directory.EnumerateDirectories(root, "actornet-*"))
        {
            var ownerFile = System.IO.Path.Combine(folder, OwnerFile);
            // A folder whose owner is starting (its file exists, its lock is not taken yet) must not look orphaned.
            if (!File.Exists(ownerFile) || File.GetLastWriteTimeUtc(ownerFile) >= madeBefore) continue;
            try
            {
                using (new FileStream(ownerFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                Directory.Delete(folder, recursive: true);
                swept++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Owned by a live process (the lock is held), or being deleted by another sweeper.
            }
        }
        return swept;
    }

    /// <summary>Releases the owner lock and deletes the folder (what a killed task still holds open stays until then).</summary>
    public void Dispose()
    {
        _owner.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file a killed task still holds open: the folder now has no live owner, so the next sweep removes it.
        }
    }
}
