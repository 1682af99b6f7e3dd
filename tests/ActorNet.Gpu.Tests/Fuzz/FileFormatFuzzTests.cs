using ActorNet.Gpu.Tests.Caffe;
using Google.Protobuf;

namespace ActorNet.Gpu.Tests.Fuzz;

/// <summary>
/// Every binary and text format the net's side reads, fuzzed over truncations, bit flips and size-field lies (see
/// <see cref="FormatFuzzer"/>): a clear error naming the file, never a crash, a hang or a huge allocation.
/// </summary>
public sealed class FileFormatFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-fuzz").FullName;
    private FormatFuzzer Fuzzer => new(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static bool IsDataFormatError(Exception e) => e is DataFormatException;

    [Fact]
    public void Idx_files()
    {
        var path = Path.Combine(_dir, "valid.idx");
        IdxFile.Write(path, [3, 4, 5], Enumerable.Range(0, 60).Select(i => (byte)i).ToArray());
        Fuzzer.Run("images.idx", File.ReadAllBytes(path), p => IdxFile.Read(p), IsDataFormatError);
    }

    [Fact]
    public void Cifar_batches()
    {
        var path = Path.Combine(_dir, "valid.bin");
        var pixels = Enumerable.Range(0, 2 * 3072).Select(i => (byte)i).ToArray();
        CifarBinary.Write(path, new LabeledImages(pixels, [3, 9], 3, 32, 32));
        Fuzzer.Run("data_batch_1.bin", File.ReadAllBytes(path), p => CifarBinary.Read(p), IsDataFormatError);
    }

    [Fact]
    public void Caffemodels()
    {
        var path = Path.Combine(_dir, "valid.caffemodel");
        NetParameter lenet = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt"));
        CaffeModel.SaveWeights(path, lenet, [new("ip2", [new BlobData([10, 5], new float[50]), new BlobData([10], new float[10])])]);
        Fuzzer.Run("lenet.caffemodel", File.ReadAllBytes(path), p => CaffeModel.LoadWeights(p), IsDataFormatError);
    }

    [Fact]
    public void Binaryproto_mean_files()
    {
        var path = Path.Combine(_dir, "valid.binaryproto");
        CaffeModel.WriteBinaryProto(path, new BlobData([1, 3, 4, 4], Enumerable.Range(0, 48).Select(i => (float)i).ToArray()));
        Fuzzer.Run("mean.binaryproto", File.ReadAllBytes(path), p => CaffeModel.ReadBinaryProto(p), IsDataFormatError);
    }

    [Fact]
    public void Solverstates()
    {
        var state = new SolverState { Iter = 100, CurrentStep = 1, LearnedNet = "" };
        state.History.Add(new BlobProto { Shape = new BlobShape { Dim = { 2, 3 } }, Data = { 1, 2, 3, 4, 5, 6 } });
        Fuzzer.Run("lenet_iter_100.solverstate", state.ToByteArray(), p =>
        {
            // What Solver.Restore reads: the file through the wire-format checks, then the message.
            CaffeModel.ReadSolverState(p);
        }, IsDataFormatError);
    }

    [Fact]
    public void Net_and_solver_prototxt()
    {
        var net = File.ReadAllBytes(TestData.Path("lenet_train_test.prototxt"));
        Fuzzer.Run("lenet_train_test.prototxt", net, p => ProtoLoader.LoadNetPrototxt(p), e => e is PrototxtException, cases: 400);
        var solver = "net: \"lenet_train_test.prototxt\"\nbase_lr: 0.01\nmomentum: 0.9\nlr_policy: \"inv\"\ngamma: 0.0001\npower: 0.75\nmax_iter: 100\n"u8.ToArray();
        Fuzzer.Run("lenet_solver.prototxt", solver, p => ProtoLoader.LoadSolverPrototxt(p), e => e is PrototxtException, cases: 400);
    }

    [Fact]
    public void Weight_collections_as_checkpoints_hold_them()
    {
        var weights = new WeightCollection();
        weights.AddLayer("conv1", [([2, 1, 3, 3], new float[18]), ([2], new float[2])]);
        weights.AddLayer("ip1", [([4, 2], new float[8])]);
        Fuzzer.Run("round-3.weights", weights.ToBytes(), p => WeightCollection.Read(p), IsDataFormatError);
    }
}
