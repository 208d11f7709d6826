package org.deepdrill.demo.tool.inspect;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.blocks.DenseLayer;
import org.deepdrill.demo.lib.blocks.DenseTransition;
import org.deepdrill.demo.lib.blocks.NamedChain;
import org.deepdrill.demo.lib.blocks.VitStem;
import org.deepdrill.demo.lib.blocks.PreLnEncoderBlock;
import org.deepdrill.demo.lib.blocks.ResNetBasicBlock;
import org.deepdrill.demo.lib.blocks.ResNetBottleneck;

/** Reference ImageNet networks at their published configurations (1000 classes), built from DJL blocks. */
final class Architectures {
    static final int CLASSES = 1000;

    private Architectures() {
    }

    /** ResNet with basic blocks (18: 2,2,2,2; 34: 3,4,6,3) or bottlenecks (50: 3,4,6,3). */
    static NamedChain resnet(int[] blocks, boolean bottleneck) {
        NamedChain net = stem(64, "conv1", "bn1", "relu", "maxpool");
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                String name = "layer" + (stage + 1) + "." + i;
                if (bottleneck) {
                    net.add(name, new ResNetBottleneck(in, width, stride));
                    in = width * ResNetBottleneck.EXPANSION;
                } else {
                    net.add(name, new ResNetBasicBlock(in, width, stride));
                    in = width;
                }
            }
        }
        return net.add("avgpool", Pool.globalAvgPool2dBlock())
                .add("fc", Linear.builder().setUnits(CLASSES).build());
    }

    /** DenseNet-BC: growth 32, bottleneck 4·32, compression ½, 64 initial features. */
    static NamedChain densenet(int[] blocks) {
        int growth = 32;
        NamedChain net = stem(64, "conv0", "norm0", "relu0", "pool0");
        int channels = 64;
        for (int b = 0; b < blocks.length; b++) {
            for (int i = 0; i < blocks[b]; i++) {
                net.add("denseblock" + (b + 1) + ".denselayer" + (i + 1), new DenseLayer(growth, 4 * growth, true));
                channels += growth;
            }
            if (b < blocks.length - 1) {
                channels /= 2;
                net.add("transition" + (b + 1), DenseTransition.of(channels, true, true));
            }
        }
        return net.add("norm5", Convs.batchNorm()).add("relu", Activation.reluBlock())
                .add("avgpool", Pool.globalAvgPool2dBlock())
                .add("classifier", Linear.builder().setUnits(CLASSES).build());
    }

    /** ViT: patch embedding, pre-LN encoder layers with GELU MLPs, final LayerNorm, head on the class token. */
    static NamedChain vit(int patch, int embed, int layers, int heads, int mlp, int imageSize) {
        NamedChain net = new NamedChain().add("embeddings", new VitStem(embed, patch, imageSize));
        for (int i = 0; i < layers; i++) {
            net.add("encoder_layer_" + i, new PreLnEncoderBlock(embed, heads, mlp));
        }
        return net.add("ln", LayerNorm.builder().axis(2).build())
                .add("class_token", new LambdaBlock(l -> new NDList(l.head().get(":, 0, :")), "classToken"))
                .add("head", Linear.builder().setUnits(CLASSES).build());
    }

    private static NamedChain stem(int channels, String conv, String norm, String relu, String pool) {
        return new NamedChain().add(conv, Convs.conv(channels, 7, 2, 3, 1, false))
                .add(norm, Convs.batchNorm())
                .add(relu, Activation.reluBlock())
                .add(pool, Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }
}
