using System.Runtime.InteropServices;

namespace ActorNet.Gpu;

/// <summary>
/// Writes a file so that a crash (a killed process, a lost machine) leaves either the old file or the new one whole,
/// never a mix: the bytes go to a temporary file beside it, are flushed to the disk, the temporary file is renamed over
/// the target, and the folder itself is flushed so the rename survives a power loss too. Checkpoints and snapshots are
/// written this way.
/// </summary>
public static class DurableFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically and durably.</summary>
    public static void Write(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>As <see cref="Write(string, byte[])"/>, for content written to a stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        FlushFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    // A rename lives in the folder's entries: on Linux they reach the disk only when the folder is fsync'ed. .NET has no
    // call for a folder, so this opens it read-only and fsyncs the descriptor (elsewhere the rename is left to the OS).
    private static void FlushFolder(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
