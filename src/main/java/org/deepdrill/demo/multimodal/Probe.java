package org.deepdrill.demo.multimodal;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
public class Probe {
  public static void run(NDManager m) {
    NDArray data = m.randomNormal(new Shape(4000, 2));
    NDArray sq = m.randomNormal(new Shape(100));
    Weights w = new Weights(m, 0.001);
    w.dense("in", 18, 128); w.dense("h1", 128, 128); w.dense("h2", 128,128); w.dense("out", 128, 2);
    for (int rep = 0; rep < 4; rep++) {
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) try (NDManager s = m.newSubManager()) {
      NDArray idx = s.randomInteger(0, 4000, new Shape(256), DataType.INT64);
      NDArray x = data.get(idx); sq.get(idx.mod(100)).getFloat(0);
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < 100; i++) try (NDManager s = m.newSubManager()) {
      NDArray x = s.randomNormal(new Shape(256, 18));
      NDArray loss;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray h = w.apply("in", x).maximum(0); h = w.apply("h1", h).maximum(0); h = w.apply("h2", h).maximum(0);
        loss = w.apply("out", h).square().mean(); gc.backward(loss);
      }
      loss.getFloat(); if (rep==0 && i<12) System.out.printf("it %d %.1f ms%n", i, (System.nanoTime()-t1)/1e6);
    }
    long t2 = System.nanoTime();
    for (int i = 0; i < 100; i++) w.step();
    long t3 = System.nanoTime();
    System.out.printf("index %.2f ms, fwdbwd %.2f ms, step %.2f ms%n", (t1-t0)/1e8, (t2-t1)/1e8, (t3-t2)/1e8);
    }
  }
}
