namespace ActorNet.Gpu.Tests.Caffe;

public class ProtoLoaderTests
{
    [Fact]
    public void LeNet_from_the_model_zoo_loads()
    {
        NetParameter net = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt"), out var warnings);
        Assert.Equal("LeNet", net.Name);
        Assert.Equal(["mnist", "mnist", "conv1", "pool1", "conv2", "pool2", "ip1", "relu1", "ip2", "accuracy", "loss"], net.Layer.Select(l => l.Name));
        LayerParameter conv1 = net.Layer[2];
        Assert.Equal(20u, conv1.ConvolutionParam.NumOutput);
        Assert.Equal([5u], conv1.ConvolutionParam.KernelSize);
        Assert.Equal("xavier", conv1.ConvolutionParam.WeightFiller.Type);
        Assert.Equal([1f, 2f], conv1.Param.Select(p => p.LrMult));
        Assert.Equal(0.00390625f, net.Layer[0].TransformParam.Scale);
        Assert.Equal(64u, net.Layer[0].DataParam.BatchSize);
        Assert.Equal(DataParameter.Types.DB.Lmdb, net.Layer[1].DataParam.Backend);
        Assert.Equal(Phase.Test, net.Layer[9].Include[0].Phase);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Cifar10_quick_and_CaffeNet_load()
    {
        NetParameter cifar = ProtoLoader.LoadNetPrototxt(TestData.Path("cifar10_quick_train_test.prototxt"));
        Assert.Equal(15, cifar.Layer.Count);
        Assert.Equal(PoolingParameter.Types.PoolMethod.Ave, cifar.Layer.Single(l => l.Name == "pool2").PoolingParam.Pool);
        Assert.Equal(0.0001f, cifar.Layer.Single(l => l.Name == "conv1").ConvolutionParam.WeightFiller.Std);

        NetParameter caffenet = ProtoLoader.LoadNetPrototxt(TestData.Path("bvlc_reference_caffenet_train_val.prototxt"));
        Assert.Equal("CaffeNet", caffenet.Name);
        Assert.Equal(2u, caffenet.Layer.Single(l => l.Name == "conv2").ConvolutionParam.Group);
        Assert.Equal(227u, caffenet.Layer[0].TransformParam.CropSize);
        Assert.True(caffenet.Layer[0].TransformParam.Mirror);
        Assert.Equal(0.0001f, caffenet.Layer.Single(l => l.Name == "norm1").LrnParam.Alpha);
        Assert.Equal(0f, caffenet.Layer.Single(l => l.Name == "conv1").Param[1].DecayMult);
    }

    [Fact]
    public void Model_zoo_nets_round_trip_through_the_writer()
    {
        foreach (string file in new[] { "lenet_train_test.prototxt", "cifar10_quick_train_test.prototxt", "bvlc_reference_caffenet_train_val.prototxt" })
        {
            NetParameter net = ProtoLoader.LoadNetPrototxt(TestData.Path(file));
            NetParameter again = ProtoLoader.ParseNetPrototxt(ProtoLoader.ToPrototxt(net));
            Assert.Equal(net, again);
        }
    }

    [Fact]
    public void Solvers_from_the_model_zoo_load()
    {
        SolverParameter lenet = ProtoLoader.LoadSolverPrototxt(TestData.Path("lenet_solver.prototxt"), out var warnings);
        Assert.Equal("examples/mnist/lenet_train_test.prototxt", lenet.Net);
        Assert.Equal([100], lenet.TestIter);
        Assert.Equal(0.01f, lenet.BaseLr);
        Assert.Equal("inv", lenet.LrPolicy);
        Assert.Equal(0.0001f, lenet.Gamma);
        Assert.Equal(0.75f, lenet.Power);
        Assert.Equal(10000, lenet.MaxIter);
        Assert.Equal("SGD", lenet.Type);
        Assert.Contains(warnings, w => w.Contains("solver_mode"));

        SolverParameter rms = ProtoLoader.LoadSolverPrototxt(TestData.Path("lenet_solver_rmsprop.prototxt"));
        Assert.Equal("RMSProp", rms.Type);
        Assert.Equal(0.98f, rms.RmsDecay);

        SolverParameter cifar = ProtoLoader.LoadSolverPrototxt(TestData.Path("cifar10_quick_solver.prototxt"), out var cifarWarnings);
        Assert.Equal("fixed", cifar.LrPolicy);
        Assert.Contains(cifarWarnings, w => w.Contains("HDF5"));

        SolverParameter caffenet = ProtoLoader.LoadSolverPrototxt(TestData.Path("bvlc_reference_caffenet_solver.prototxt"));
        Assert.Equal("step", caffenet.LrPolicy);
        Assert.Equal(100000, caffenet.Stepsize);
    }

    [Fact]
    public void Solver_defaults_follow_Caffe()
    {
        SolverParameter s = ProtoLoader.ParseSolverPrototxt("base_lr: 0.1");
        Assert.Equal(1, s.IterSize);
        Assert.Equal(-1f, s.ClipGradients);
        Assert.Equal("L2", s.RegularizationType);
        Assert.Equal(1e-8f, s.Delta);
        Assert.Equal(0.999f, s.Momentum2);
        Assert.Equal(0.99f, s.RmsDecay);
        Assert.Equal("SGD", s.Type);
        Assert.True(s.TestInitialization);
        Assert.Equal(-1L, s.RandomSeed);
    }

    [Theory]
    [InlineData("solver_type: NESTEROV", "Nesterov")]
    [InlineData("solver_type:ADAM", "Adam")]
    [InlineData("type: \"adagrad\"", "AdaGrad")]
    [InlineData("type: \"AdaDelta\"", "AdaDelta")]
    public void Legacy_and_case_variant_solver_types_are_normalised(string line, string expected) =>
        Assert.Equal(expected, ProtoLoader.ParseSolverPrototxt(line).Type);

    [Theory]
    [InlineData("type: \"LBFGS\"", "LBFGS")]
    [InlineData("lr_policy: \"cosine\"", "cosine")]
    [InlineData("regularization_type: \"L3\"", "L3")]
    [InlineData("solver_type: ADAM type: \"SGD\"", "disagree")]
    [InlineData("momentun: 0.9", "did you mean 'momentum'")]
    public void Bad_solvers_are_errors(string text, string mentions) =>
        Assert.Contains(mentions, Assert.Throws<PrototxtException>(() => ProtoLoader.ParseSolverPrototxt(text)).Message);

    [Fact]
    public void Unsupported_layer_type_is_an_error_naming_the_layer_and_its_line()
    {
        var e = Assert.Throws<PrototxtException>(() => ProtoLoader.ParseNetPrototxt("""
            name: "n"
            layer { name: "ok" type: "ReLU" }
            layer {
              name: "deconv" type: "Deconvolution" }
            """));
        Assert.Equal(3, e.Line);
        Assert.Contains("layer 'deconv'", e.Message);
        Assert.Contains("'Deconvolution'", e.Message);
    }

    [Fact]
    public void Math_changing_settings_that_are_not_implemented_are_errors()
    {
        Assert.Contains("STOCHASTIC", Assert.Throws<PrototxtException>(() => ProtoLoader.ParseNetPrototxt(
            "layer { name: \"p\" type: \"Pooling\" pooling_param { pool: STOCHASTIC kernel_size: 2 } }")).Message);
        Assert.Contains("transpose", Assert.Throws<PrototxtException>(() => ProtoLoader.ParseNetPrototxt(
            "layer { name: \"ip\" type: \"InnerProduct\" inner_product_param { num_output: 2 transpose: true } }")).Message);
        Assert.Contains("FLOOR", Assert.Throws<PrototxtException>(() => ProtoLoader.ParseNetPrototxt(
            "layer { name: \"p\" type: \"Pooling\" pooling_param { kernel_size: 2 round_mode: FLOOR } }")).Message);
    }

    [Fact]
    public void Settings_that_cannot_change_the_math_are_warnings()
    {
        NetParameter net = ProtoLoader.ParseNetPrototxt("""
            layer { name: "c" type: "Convolution" convolution_param { num_output: 2 kernel_size: 3 engine: CUDNN } }
            layer { name: "r" type: "ReLU" relu_param { engine: CAFFE } }
            layer { name: "s" type: "Sigmoid" pooling_param { pool: AVE } }
            """, out var warnings);
        Assert.Equal(3, net.Layer.Count);
        Assert.Contains(warnings, w => w.Contains("layer 'c'") && w.Contains("engine"));
        Assert.Contains(warnings, w => w.Contains("layer 'r'") && w.Contains("engine"));
        Assert.Contains(warnings, w => w.Contains("layer 's'") && w.Contains("pooling_param") && w.Contains("ignored"));
    }

    [Fact]
    public void Legacy_V1_layers_are_upgraded()
    {
        // The pre-2015 layout of Caffe's examples: enum types, blobs_lr and weight_decay per blob.
        NetParameter net = ProtoLoader.ParseNetPrototxt("""
            name: "LeNet"
            layers {
              name: "mnist" type: DATA top: "data" top: "label"
              data_param { source: "mnist_train_lmdb" batch_size: 64 scale: 0.00390625 }
              include: { phase: TRAIN }
            }
            layers {
              name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1"
              blobs_lr: 1 blobs_lr: 2 weight_decay: 1 weight_decay: 0
              convolution_param { num_output: 20 kernel_size: 5 weight_filler { type: "xavier" } }
            }
            layers { name: "loss" type: SOFTMAX_LOSS bottom: "conv1" bottom: "label" }
            """, out var warnings);
        Assert.Empty(net.Layers);
        Assert.Equal(["Data", "Convolution", "SoftmaxWithLoss"], net.Layer.Select(l => l.Type));
        Assert.Equal([1f, 2f], net.Layer[1].Param.Select(p => p.LrMult));
        Assert.Equal([1f, 0f], net.Layer[1].Param.Select(p => p.DecayMult));
        Assert.Equal(20u, net.Layer[1].ConvolutionParam.NumOutput);
        Assert.Equal(Phase.Train, net.Layer[0].Include[0].Phase);
        // Old data layers' pre-processing moves to transform_param, as Caffe's upgrade does.
        Assert.Equal(0.00390625f, net.Layer[0].TransformParam.Scale);
        Assert.False(net.Layer[0].DataParam.HasScale);
        Assert.Contains(warnings, w => w.Contains("V1"));
    }

    [Fact]
    public void LeNet_in_the_2014_V1_layout_upgrades_to_exactly_the_current_LeNet()
    {
        NetParameter v1 = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test_v1.prototxt"));
        NetParameter current = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt"));
        Assert.Equal(ProtoLoader.ToPrototxt(current), ProtoLoader.ToPrototxt(v1));
        Assert.Equal(current, v1);
    }

    [Fact]
    public void Legacy_V1_layer_of_unsupported_type_names_the_layer()
    {
        var e = Assert.Throws<PrototxtException>(() => ProtoLoader.ParseNetPrototxt("layers { name: \"sil\" type: SILENCE }"));
        Assert.Contains("layer 'sil'", e.Message);
        Assert.Contains("Silence", e.Message);
    }

    [Fact]
    public void Deploy_style_input_fields_become_an_Input_layer()
    {
        NetParameter net = ProtoLoader.ParseNetPrototxt("""
            input: "data"
            input_dim: 10 input_dim: 3 input_dim: 227 input_dim: 227
            layer { name: "r" type: "ReLU" bottom: "data" top: "data" }
            """);
        LayerParameter input = net.Layer[0];
        Assert.Equal("Input", input.Type);
        Assert.Equal(["data"], input.Top);
        Assert.Equal([10L, 3, 227, 227], input.InputParam.Shape[0].Dim);
        Assert.Empty(net.Input);
        Assert.Empty(net.InputDim);

        Assert.Contains("4 values", Assert.Throws<PrototxtException>(() => ProtoLoader.ParseNetPrototxt("input: \"d\" input_dim: 1")).Message);
    }

    [Fact]
    public void ReplaceDataLayers_swaps_data_layers_for_Input_layers_per_phase()
    {
        NetParameter net = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt"));
        NetParameter replaced = ProtoLoader.ReplaceDataLayers(net, 64, 100, 1, 28, 28);

        Assert.Equal("Data", net.Layer[0].Type); // the input is not modified
        Assert.Equal(13, replaced.Layer.Count);
        var inputs = replaced.Layer.Take(4).Select(l => (l.Name, l.Type, Top: l.Top.Single(), l.Include.Single().Phase, Shape: l.InputParam.Shape.Single().Dim.ToArray()));
        Assert.Equal(
            [("data", "Input", "data", Phase.Train, new long[] { 64, 1, 28, 28 }), ("label", "Input", "label", Phase.Train, [64, 1]),
             ("data", "Input", "data", Phase.Test, [100, 1, 28, 28]), ("label", "Input", "label", Phase.Test, [100, 1])],
            inputs);
        Assert.Equal("conv1", replaced.Layer[4].Name);
        Assert.Empty(ProtoLoader.CheckNet(replaced));
    }

    [Fact]
    public void ReplaceDataLayers_gives_a_phaseless_data_layer_both_phases_and_leaves_other_nets_alone()
    {
        NetParameter net = ProtoLoader.ParseNetPrototxt("""
            layer { name: "feed" type: "MemoryData" top: "data" top: "label" memory_data_param { batch_size: 5 channels: 3 height: 4 width: 4 } }
            layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip" inner_product_param { num_output: 2 } }
            """);
        NetParameter replaced = ProtoLoader.ReplaceDataLayers(net, 8, 2, 3, 4, 4);
        Assert.Equal([Phase.Train, Phase.Train, Phase.Test, Phase.Test], replaced.Layer.Take(4).Select(l => l.Include.Single().Phase));
        Assert.Equal([2L, 3, 4, 4], replaced.Layer[2].InputParam.Shape[0].Dim);

        Assert.Equal(replaced, ProtoLoader.ReplaceDataLayers(replaced, 8, 2, 3, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProtoLoader.ReplaceDataLayers(net, 0, 2, 3, 4, 4));
    }

    [Fact]
    public void LoadSolverPrototxtWithNet_makes_the_given_net_the_solvers_only_net()
    {
        NetParameter net = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt")), 64, 100, 1, 28, 28);
        SolverParameter solver = ProtoLoader.LoadSolverPrototxtWithNet(TestData.Path("lenet_solver.prototxt"), net);
        Assert.False(solver.HasNet);
        Assert.Equal(net, solver.NetParam);
        Assert.Equal(0.01f, solver.BaseLr);
    }

    [Fact]
    public void File_errors_start_with_the_path()
    {
        string dir = Directory.CreateTempSubdirectory("actornet-proto").FullName;
        try
        {
            string path = System.IO.Path.Combine(dir, "bad.prototxt");
            File.WriteAllText(path, "name: \"x\"\nlayer {\n  name: \"c\" type: \"Convolution\"\n  convolution_parm { }\n}\n");
            var e = Assert.Throws<PrototxtException>(() => ProtoLoader.LoadNetPrototxt(path));
            Assert.StartsWith($"{path}:4:3: 'convolution_parm' is not a field of LayerParameter", e.Message);
            Assert.Equal(path, e.FilePath);

            var missing = Assert.Throws<PrototxtException>(() => ProtoLoader.LoadSolverPrototxt(System.IO.Path.Combine(dir, "none.prototxt")));
            Assert.Contains("none.prototxt", missing.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Solvers_round_trip_through_the_writer_and_inline_nets_are_checked()
    {
        SolverParameter solver = ProtoLoader.ParseSolverPrototxt("""
            net_param { name: "inline" layer { name: "ip" type: "InnerProduct" inner_product_param { num_output: 3 } } }
            base_lr: 0.05 lr_policy: "multistep" stepvalue: 100 stepvalue: 200 gamma: 0.5
            type: "Adam" momentum: 0.9 momentum2: 0.995 delta: 1e-7 clip_gradients: 10 iter_size: 2
            regularization_type: "L1" weight_decay: 0.001 snapshot: 10 snapshot_prefix: "snap/x" random_seed: 42
            """);
        Assert.Equal([100, 200], solver.Stepvalue);
        Assert.Equal("inline", solver.NetParam.Name);
        Assert.Equal(solver, ProtoLoader.ParseSolverPrototxt(ProtoLoader.ToPrototxt(solver)));

        var e = Assert.Throws<PrototxtException>(() => ProtoLoader.ParseSolverPrototxt("""
            base_lr: 0.1
            train_net_param {
              layer { name: "odd" type: "Swish" }
            }
            """));
        Assert.Equal(3, e.Line);
        Assert.Contains("layer 'odd'", e.Message);
    }
}
