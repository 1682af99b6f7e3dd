namespace ActorNet.Gpu.Tests.Nets;

public sealed class DurableFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-durable").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_write_replaces_the_file_whole_and_a_failed_one_leaves_the_old_file()
    {
        var path = Path.Combine(_dir, "round-1.weights");
        DurableFile.Write(path, [1, 2, 3]);
        DurableFile.Write(path, [4, 5]);
        Assert.Equal([4, 5], File.ReadAllBytes(path));

        // A writer that dies halfway (as a killed process would) never touches the file that was there.
        Assert.Throws<IOException>(() => DurableFile.Write(path, stream =>
        {
            stream.Write([9, 9, 9]);
            throw new IOException("disk gone");
        }));
        Assert.Equal([4, 5], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)));
    }
}
