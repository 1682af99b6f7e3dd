namespace ActorNet.Gpu.Tests.Caffe;

/// <summary>The model-zoo prototxt files, adapted by ReplaceDataLayers, build into working Nets.</summary>
public class ModelZooNetTests
{
    [Theory]
    [InlineData("lenet_train_test.prototxt", 1, 28, 28, 10, true)]
    [InlineData("cifar10_quick_train_test.prototxt", 3, 32, 32, 10, true)]
    // CaffeNet has 61M parameters: building it once (TEST) keeps the suite quick.
    [InlineData("bvlc_reference_caffenet_train_val.prototxt", 3, 227, 227, 1000, false)]
    public void Zoo_net_builds_and_runs_forward(string file, int channels, int height, int width, int classes, bool bothPhases)
    {
        NetParameter net = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(TestData.Path(file)), 2, 1, channels, height, width);
        foreach (Phase phase in bothPhases ? new[] { Phase.Train, Phase.Test } : [Phase.Test])
        {
            var built = new Net(net, phase, seed: 5);
            int batch = phase == Phase.Train ? 2 : 1;
            Assert.Equal([batch, channels, height, width], built.Blob("data").Shape);
            Blob data = built.Blob("data");
            var rng = new Random(1);
            data.SetData([.. Enumerable.Range(0, data.Count).Select(_ => (float)rng.NextDouble() * 0.1f)]);
            built.Blob("label").SetData([.. Enumerable.Range(0, batch).Select(i => (float)(i % classes))]);
            float loss = built.Forward();
            Assert.True(float.IsFinite(loss) && loss > 0, $"{file} {phase}: loss {loss}");
            Assert.Equal(phase == Phase.Test, built.HasBlob("accuracy"));
        }
    }
}
