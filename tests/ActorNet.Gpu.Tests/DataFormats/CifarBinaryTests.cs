namespace ActorNet.Gpu.Tests.DataFormats;

public sealed class CifarBinaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-cifar").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static byte[] Record(byte label, int seed)
    {
        var record = new byte[CifarBinary.RecordSize];
        record[0] = label;
        for (int i = 1; i < record.Length; i++) record[i] = (byte)(i * 7 + seed);
        return record;
    }

    [Fact]
    public void Reads_records_of_label_and_planar_pixels()
    {
        string path = PathOf("batch.bin");
        File.WriteAllBytes(path, [.. Record(3, 0), .. Record(9, 5)]);
        LabeledImages images = CifarBinary.Read(path);
        Assert.Equal(2, images.Count);
        Assert.Equal((3, 32, 32), (images.Channels, images.Height, images.Width));
        Assert.Equal([3, 9], images.Labels);
        Assert.Equal(Record(9, 5)[1..], images.Image(1).ToArray());
        // Red plane first: byte 1 of the record is the top-left red pixel, byte 1025 the top-left green one.
        Assert.Equal(Record(3, 0)[1025], images.Image(0)[1024]);
    }

    [Fact]
    public void Write_then_read_round_trips_and_folders_are_found()
    {
        var images = new LabeledImages([.. Record(1, 1)[1..], .. Record(2, 2)[1..]], [1, 2], 3, 32, 32);
        for (int i = 1; i <= 5; i++) CifarBinary.Write(PathOf($"data_batch_{i}.bin"), images);
        CifarBinary.Write(PathOf("test_batch.bin"), images);
        LabeledImages train = CifarBinary.ReadFolder(_dir, train: true);
        Assert.Equal(10, train.Count);
        Assert.Equal(images.Pixels, train.Image(8).ToArray().Concat(train.Image(9).ToArray()).ToArray());
        Assert.Equal(2, CifarBinary.ReadFolder(_dir, train: false).Count);
        Assert.Throws<FileNotFoundException>(() => CifarBinary.ReadFolder(PathOf("nowhere"), train: true));
    }

    [Fact]
    public void Truncated_file_names_the_file_and_the_offset_of_the_incomplete_record()
    {
        string path = PathOf("cut.bin");
        File.WriteAllBytes(path, [.. Record(1, 0), .. Record(2, 0)[..1000]]);
        var e = Assert.Throws<DataFormatException>(() => CifarBinary.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(3073, e.Offset);
        Assert.StartsWith($"{path}: at byte offset 3073: the last record is incomplete: 1000 of 3073 bytes", e.Message);
    }

    [Fact]
    public void Bad_label_and_empty_file_are_errors()
    {
        string path = PathOf("label.bin");
        File.WriteAllBytes(path, [.. Record(1, 0), .. Record(12, 0)]);
        var e = Assert.Throws<DataFormatException>(() => CifarBinary.Read(path));
        Assert.Equal(3073, e.Offset);
        Assert.Contains("label 12", e.Message);

        string empty = PathOf("empty.bin");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => CifarBinary.Read(empty)).Message);
    }
}
