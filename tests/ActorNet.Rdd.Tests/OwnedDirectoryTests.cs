using System.Diagnostics;
using ActorNet.Rdd.Storage;

namespace ActorNet.Rdd.Tests;

/// <summary>
/// Scratch folders say whether their owner lives (an exclusive lock the operating system drops when the process dies), so
/// the folders a SIGKILLed worker or driver leaves behind are swept by the next application, and live ones never are.
/// </summary>
public sealed class OwnedDirectoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "owned-directory-tests", Guid.NewGuid().ToString("N"));

    // Sweeps regardless of the owner files' age (the product sweeps only those over a minute old).
    private int Sweep() => OwnedDirectory.SweepOrphans(_root, DateTime.UtcNow.AddMinutes(1));

    [Fact]
    public void A_folder_is_swept_only_once_its_owner_is_gone()
    {
        var owned = OwnedDirectory.Create(Path.Combine(_root, "actornet-app-1-127.0.0.1-1"));
        File.WriteAllText(Path.Combine(owned.Path, "shuffle_0_0.data"), "x");
        var foreign = Directory.CreateDirectory(Path.Combine(_root, "actornet-without-owner")).FullName;

        Assert.Equal(0, Sweep());
        Assert.True(Directory.Exists(owned.Path), "a live owner's folder was swept");

        owned.Dispose();
        Assert.False(Directory.Exists(owned.Path), "the owner's folder outlived its owner's Dispose");
        Assert.True(Directory.Exists(foreign), "a folder with no owner file is not this class's to sweep");
    }

    [Fact]
    public async Task The_folder_of_a_killed_process_is_swept_and_a_young_one_is_not()
    {
        if (!File.Exists("/usr/bin/flock")) return; // util-linux's flock takes the same lock a .NET owner takes
        var folder = Directory.CreateDirectory(Path.Combine(_root, "actornet-app-2-127.0.0.1-2")).FullName;
        var ownerFile = Path.Combine(folder, OwnedDirectory.OwnerFile);
        File.WriteAllText(ownerFile, "");
        using var owner = Process.Start(new ProcessStartInfo("/usr/bin/flock", [ownerFile, "sleep", "300"]))!;
        try
        {
            // Wait until the child holds the lock: then taking it from here fails.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!IsLocked(ownerFile) && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(IsLocked(ownerFile), "flock never took the lock");

            Assert.Equal(0, Sweep());
            Assert.True(Directory.Exists(folder), "a live process's folder was swept");
        }
        finally
        {
            owner.Kill(entireProcessTree: true);
            await owner.WaitForExitAsync();
            // flock's child (sleep) shares the locked descriptor and may outlive flock by a moment: the lock is gone only
            // once both are.
            var released = DateTime.UtcNow.AddSeconds(30);
            while (IsLocked(ownerFile) && DateTime.UtcNow < released) await Task.Delay(50);
        }
        Assert.Equal(0, OwnedDirectory.SweepOrphans(_root)); // made just now: could be an owner that has not locked yet
        Assert.True(Directory.Exists(folder));
        Assert.Equal(1, Sweep());
        Assert.False(Directory.Exists(folder), "the killed owner's folder was not swept");
    }

    private static bool IsLocked(string file)
    {
        try
        {
            using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
