;; The cohort propagation kernel: the inner loops of an evaluation in WebAssembly (128-bit SIMD).
;;
;; SOURCE OF TRUTH. `npm run kernel` assembles this file with wabt into kernel-wasm.ts (the bytes as
;; base64); tests/model/kernel.test.ts assembles it again and requires the same bytes.
;;
;; What runs here: m_t = m_{t-1} P_t over the sparse columns of P, the weighted counts summed over
;; cycles, the flows of transitions that carry a value, the per-cycle projections (trace and series),
;; and the check of a lane's probability rows. Formulas, error messages and bookkeeping stay in
;; TypeScript (src/model/run/). Every loop performs the same IEEE 754 double operations in the same
;; order as its TypeScript twin in src/model/run/loops.ts (no fused multiply-add exists in wasm SIMD
;; 128), so the kernel and the TypeScript loops give the same bits (tests/model/kernel.test.ts);
;; the twins of `dynflows` and `varying` are addDynamicTransitions and addVaryingValues in
;; src/model/run/cycles.ts.
;;
;; Memory layout (byte offsets; chosen by src/model/run/buffers.ts). Arrays are lane-interleaved:
;; element (index i, lane k) is at i × K + k, where a lane is one strategy × cohort (× PSA draw)
;; and K, the number of lanes, is a multiple of 4. K × 8 bytes (KB below) is one index's lanes.
;; Integer arrays (colStart, colSrc, from, pos, …) are i32; value arrays (counts, p, sums) are f64.
;; Loops over lanes take 2 lanes per f64x2 vector: `step` handles 4 lanes (two vectors) per pass so
;; the sums of one column stay in registers; the others one vector (2 lanes) per pass.
;;
;; The descriptor (`desc`, i32 fields at desc + 4 × field; the field numbers are DESC in kernel.ts):
;;   0 nE        expanded states            1 K          lanes (multiple of 4)
;;   2 colStart  column starts (nE + 1)      3 colSrc     source state of each entry (by column)
;;   4 p         probabilities [entry][lane] 5 sumU 6 sumC 7 sumO   weighted counts summed over cycles
;;   8 w  9 wc  10 wo   per-cycle count weights (f64 [t]): undiscounted, × cost, × outcome discount
;;  11 mode      1: sumO = sumC (one discount rate), 2: separate outcome sums
;;  12 nT        valued transitions whose flows are summed (the first nT of the list tList, field 59)
;;  13 from 14 pos   each valued transition's source state and entry position
;;  15 fU 16 fC 17 fO   flows summed over cycles    18 dc 19 dO   discount factors (f64 [t])
;;  20 nProj     projection entries         21 projRow 22 projState 23 projCoef   G[t][row] += coef × m[state]
;;  24 G 25 GB   per-cycle projections and the bytes of one cycle's rows
;;  26 tRow 27 tCoef  28 H 29 HB 30 hOn   per-cycle transition-value series H[t][tRow] += tCoef × flow
;;  31 dynSrc 32 dynPos 33 entryStride   per lane: computed probabilities (slot in work, entry position)
;;  34 dynRows 35 rowStride              per lane: the rows to check when they change
;;  36 work 37 workStride                per lane: its formula environment (f64 slots)
;;  38 rowStart 39 rowComp 40 entryPos   the model's rows: entries, complement entry (−1: none), position
;;  41 tol       three f64: lowest and highest probability accepted, row-sum tolerance
;; Values that change between cycles, summed per strategy here when their cycles run in batches
;; (run/cycles.ts decides; its addDynamicTransitions and addVaryingValues are the TypeScript twins):
;;  42 nDyn      items (transition × lane)  43 dynFrom 44 dynAt   byte offsets of the item's count (in cur) and probability (in p)
;;  45 dynAcc    byte offset of its sums in TU and TD   46 dynRate  0 costs, 1 outcomes, 2 none   47 dynCoef  f64 value per item
;;  48 TU 49 TD  transition-value sums (undiscounted, discounted)
;;  50 nVar      items (state value × lane)  51 varAt    byte offset of the state's count (in cur and next)
;;  52 varAcc    byte offset of its sums in SU and SD   53 varRate   54 varCoef  f64 value × scale per item
;;  55 SU 56 SD  state-value sums      57 alpha 58 beta   the counting method's weights (f64 [t])
;;  59 tList     the valued transitions (i32 indices) whose flows `flows` sums, nT of them
;;  60 varTun    per state-value item: its state's tunnels, whose counts (one index, KB bytes, apart) are summed
(module
  (import "env" "memory" (memory 1))

  ;; step: one cycle's propagation for every expanded state j and lane,
  ;;   next[j] = Σ_{q in column j} cur[colSrc[q]] × p[q],
  ;; then (mode ≥ 1) sumU += w × next and sumC += wc × next, and (mode 2) sumO += wo × next.
  (func $step (export "step")
    (param $nE i32) (param $K i32) (param $colStart i32) (param $colSrc i32) (param $p i32)
    (param $cur i32) (param $next i32) (param $sumU i32) (param $sumC i32) (param $sumO i32)
    (param $w f64) (param $wc f64) (param $wo f64) (param $mode i32)
    (local $j i32) (local $e i32) (local $q i32) (local $qEnd i32) (local $kb i32) (local $KB i32) (local $row i32)
    (local $src i32) (local $pq i32) (local $out i32)
    (local $a0 v128) (local $a1 v128) (local $W v128) (local $WC v128) (local $WO v128)
    (local.set $W (f64x2.splat (local.get $w)))
    (local.set $WC (f64x2.splat (local.get $wc)))
    (local.set $WO (f64x2.splat (local.get $wo)))
    (local.set $KB (i32.shl (local.get $K) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $states_done
      (loop $states
        (br_if $states_done (i32.ge_s (local.get $j) (local.get $nE)))
        ;; state j's lanes start at byte row; its column holds entries colStart[j] .. colStart[j+1]
        (local.set $row (i32.mul (local.get $j) (local.get $KB)))
        (local.set $q (i32.load (i32.add (local.get $colStart) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $qEnd (i32.load offset=4 (i32.add (local.get $colStart) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $kb (i32.const 0))
        (loop $lanes4 ;; 4 lanes per pass: two f64x2 accumulators a0 (lanes kb, kb+1) and a1 (kb+2, kb+3)
          (local.set $a0 (v128.const f64x2 0 0))
          (local.set $a1 (v128.const f64x2 0 0))
          (local.set $e (local.get $q))
          (block $column_done
            (loop $column
              (br_if $column_done (i32.ge_s (local.get $e) (local.get $qEnd)))
              ;; entry e moves cur[colSrc[e]] × p[e] into state j: src and pq address lane kb of each
              (local.set $src
                (i32.add
                  (i32.add (local.get $cur)
                    (i32.mul (i32.load (i32.add (local.get $colSrc) (i32.shl (local.get $e) (i32.const 2)))) (local.get $KB)))
                  (local.get $kb)))
              (local.set $pq (i32.add (i32.add (local.get $p) (i32.mul (local.get $e) (local.get $KB))) (local.get $kb)))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $src)) (v128.load (local.get $pq)))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $src)) (v128.load offset=16 (local.get $pq)))))
              (local.set $e (i32.add (local.get $e) (i32.const 1)))
              (br $column)))
          ;; next[j][kb .. kb+3] = a0, a1
          (local.set $out (i32.add (i32.add (local.get $next) (local.get $row)) (local.get $kb)))
          (v128.store (local.get $out) (local.get $a0))
          (v128.store offset=16 (local.get $out) (local.get $a1))
          (if (local.get $mode)
            (then
              ;; the weighted counts: sum += weight × count (undiscounted, then at the cost rate)
              (local.set $out (i32.add (i32.add (local.get $sumU) (local.get $row)) (local.get $kb)))
              (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (f64x2.mul (local.get $W) (local.get $a0))))
              (v128.store offset=16 (local.get $out) (f64x2.add (v128.load offset=16 (local.get $out)) (f64x2.mul (local.get $W) (local.get $a1))))
              (local.set $out (i32.add (i32.add (local.get $sumC) (local.get $row)) (local.get $kb)))
              (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (f64x2.mul (local.get $WC) (local.get $a0))))
              (v128.store offset=16 (local.get $out) (f64x2.add (v128.load offset=16 (local.get $out)) (f64x2.mul (local.get $WC) (local.get $a1))))
              (if (i32.eq (local.get $mode) (i32.const 2))
                (then ;; outcomes discounted at their own rate
                  (local.set $out (i32.add (i32.add (local.get $sumO) (local.get $row)) (local.get $kb)))
                  (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (f64x2.mul (local.get $WO) (local.get $a0))))
                  (v128.store offset=16 (local.get $out) (f64x2.add (v128.load offset=16 (local.get $out)) (f64x2.mul (local.get $WO) (local.get $a1))))))))
          (local.set $kb (i32.add (local.get $kb) (i32.const 32)))
          (br_if $lanes4 (i32.lt_s (local.get $kb) (local.get $KB))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $states))))

  ;; flows: for each of the n valued transitions i = list[q], q < n (entry position pos[i], source
  ;; state from[i]) and lane,
  ;;   flow = cur[from[i]] × p[pos[i]];  fU[i] += flow;  fC[i] += dc × flow;  (mode 2) fO[i] += dO × flow;
  ;;   (hOn) hAt[tRow[i]] += tCoef[i] × flow, hAt being this cycle's rows of H.
  (func $flows (export "flows")
    (param $n i32) (param $K i32) (param $from i32) (param $pos i32) (param $cur i32) (param $p i32)
    (param $fU i32) (param $fC i32) (param $fO i32) (param $dc f64) (param $dO f64) (param $mode i32)
    (param $tRow i32) (param $tCoef i32) (param $hAt i32) (param $hOn i32) (param $list i32)
    (local $q i32) (local $i i32) (local $kb i32) (local $KB i32) (local $src i32) (local $pq i32) (local $out i32)
    (local $row i32) (local $hRow i32) (local $cRow i32)
    (local $flow v128) (local $DC v128) (local $DO v128)
    (local.set $DC (f64x2.splat (local.get $dc)))
    (local.set $DO (f64x2.splat (local.get $dO)))
    (local.set $KB (i32.shl (local.get $K) (i32.const 3)))
    (local.set $q (i32.const 0))
    (block $transitions_done
      (loop $transitions
        (br_if $transitions_done (i32.ge_s (local.get $q) (local.get $n)))
        (local.set $i (i32.load (i32.add (local.get $list) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $src (i32.add (local.get $cur)
          (i32.mul (i32.load (i32.add (local.get $from) (i32.shl (local.get $i) (i32.const 2)))) (local.get $KB))))
        (local.set $pq (i32.add (local.get $p)
          (i32.mul (i32.load (i32.add (local.get $pos) (i32.shl (local.get $i) (i32.const 2)))) (local.get $KB))))
        (local.set $row (i32.mul (local.get $i) (local.get $KB)))
        (local.set $hRow (i32.add (local.get $hAt)
          (i32.mul (i32.load (i32.add (local.get $tRow) (i32.shl (local.get $i) (i32.const 2)))) (local.get $KB))))
        (local.set $cRow (i32.add (local.get $tCoef) (local.get $row)))
        (local.set $kb (i32.const 0))
        (loop $lanes2 ;; 2 lanes per pass
          (local.set $flow (f64x2.mul
            (v128.load (i32.add (local.get $src) (local.get $kb)))
            (v128.load (i32.add (local.get $pq) (local.get $kb)))))
          (local.set $out (i32.add (i32.add (local.get $fU) (local.get $row)) (local.get $kb)))
          (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (local.get $flow)))
          (local.set $out (i32.add (i32.add (local.get $fC) (local.get $row)) (local.get $kb)))
          (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (f64x2.mul (local.get $DC) (local.get $flow))))
          (if (i32.eq (local.get $mode) (i32.const 2))
            (then
              (local.set $out (i32.add (i32.add (local.get $fO) (local.get $row)) (local.get $kb)))
              (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (f64x2.mul (local.get $DO) (local.get $flow))))))
          (if (local.get $hOn)
            (then
              (local.set $out (i32.add (local.get $hRow) (local.get $kb)))
              (v128.store (local.get $out)
                (f64x2.add (v128.load (local.get $out))
                  (f64x2.mul (v128.load (i32.add (local.get $cRow) (local.get $kb))) (local.get $flow))))))
          (local.set $kb (i32.add (local.get $kb) (i32.const 16)))
          (br_if $lanes2 (i32.lt_s (local.get $kb) (local.get $KB))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $transitions))))

  ;; project: dst[row[e]] += coef[e] × src[state[e]] for e = 0 .. n−1 and every lane
  ;; (dst is this cycle's rows of G: trace rows, per-value rows, the life-year row).
  (func $project (export "project")
    (param $n i32) (param $K i32) (param $row i32) (param $state i32) (param $coef i32) (param $src i32) (param $dst i32)
    (local $e i32) (local $kb i32) (local $KB i32) (local $d i32) (local $s i32) (local $c i32)
    (local.set $KB (i32.shl (local.get $K) (i32.const 3)))
    (local.set $e (i32.const 0))
    (block $entries_done
      (loop $entries
        (br_if $entries_done (i32.ge_s (local.get $e) (local.get $n)))
        (local.set $d (i32.add (local.get $dst)
          (i32.mul (i32.load (i32.add (local.get $row) (i32.shl (local.get $e) (i32.const 2)))) (local.get $KB))))
        (local.set $s (i32.add (local.get $src)
          (i32.mul (i32.load (i32.add (local.get $state) (i32.shl (local.get $e) (i32.const 2)))) (local.get $KB))))
        (local.set $c (i32.add (local.get $coef) (i32.mul (local.get $e) (local.get $KB))))
        (local.set $kb (i32.const 0))
        (loop $lanes2
          (v128.store (i32.add (local.get $d) (local.get $kb))
            (f64x2.add
              (v128.load (i32.add (local.get $d) (local.get $kb)))
              (f64x2.mul (v128.load (i32.add (local.get $c) (local.get $kb))) (v128.load (i32.add (local.get $s) (local.get $kb))))))
          (local.set $kb (i32.add (local.get $kb) (i32.const 16)))
          (br_if $lanes2 (i32.lt_s (local.get $kb) (local.get $KB))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $entries))))

  ;; run: cycles t0 .. t1 with the probabilities unchanged; per cycle `flows` (if there are valued
  ;; transitions), `step` from one count buffer into the other, and `project` of the new counts
  ;; (if there are projections). Counts move from buffer a to b in the first cycle and alternate
  ;; after: after an odd number of cycles they are in b. Everything else comes from the descriptor.
  (func $run (export "run") (param $t0 i32) (param $t1 i32) (param $a i32) (param $b i32) (param $desc i32)
    (local $t i32) (local $tb i32) (local $cur i32) (local $next i32) (local $tmp i32)
    (local.set $cur (local.get $a))
    (local.set $next (local.get $b))
    (local.set $t (local.get $t0))
    (block $cycles_done
      (loop $cycles
        (br_if $cycles_done (i32.gt_s (local.get $t) (local.get $t1)))
        (local.set $tb (i32.shl (local.get $t) (i32.const 3))) ;; byte offset of cycle t in the f64 per-cycle arrays
        (if (i32.load offset=48 (local.get $desc)) ;; nT
          (then
            (call $flows
              (i32.load offset=48 (local.get $desc)) (i32.load offset=4 (local.get $desc)) ;; nT, K
              (i32.load offset=52 (local.get $desc)) (i32.load offset=56 (local.get $desc)) ;; from, pos
              (local.get $cur) (i32.load offset=16 (local.get $desc)) ;; cur, p
              (i32.load offset=60 (local.get $desc)) (i32.load offset=64 (local.get $desc)) (i32.load offset=68 (local.get $desc)) ;; fU, fC, fO
              (f64.load (i32.add (i32.load offset=72 (local.get $desc)) (local.get $tb))) ;; dc[t]
              (f64.load (i32.add (i32.load offset=76 (local.get $desc)) (local.get $tb))) ;; dO[t]
              (i32.load offset=44 (local.get $desc)) ;; mode
              (i32.load offset=104 (local.get $desc)) (i32.load offset=108 (local.get $desc)) ;; tRow, tCoef
              (i32.add (i32.load offset=112 (local.get $desc)) (i32.mul (local.get $t) (i32.load offset=116 (local.get $desc)))) ;; H + t × HB
              (i32.load offset=120 (local.get $desc)) ;; hOn
              (i32.load offset=236 (local.get $desc))))) ;; tList
        (if (i32.load offset=168 (local.get $desc)) ;; nDyn
          (then (call $dynflows (local.get $desc) (local.get $cur) (local.get $tb))))
        (call $step
          (i32.load (local.get $desc)) (i32.load offset=4 (local.get $desc)) ;; nE, K
          (i32.load offset=8 (local.get $desc)) (i32.load offset=12 (local.get $desc)) (i32.load offset=16 (local.get $desc)) ;; colStart, colSrc, p
          (local.get $cur) (local.get $next)
          (i32.load offset=20 (local.get $desc)) (i32.load offset=24 (local.get $desc)) (i32.load offset=28 (local.get $desc)) ;; sumU, sumC, sumO
          (f64.load (i32.add (i32.load offset=32 (local.get $desc)) (local.get $tb))) ;; w[t]
          (f64.load (i32.add (i32.load offset=36 (local.get $desc)) (local.get $tb))) ;; wc[t]
          (f64.load (i32.add (i32.load offset=40 (local.get $desc)) (local.get $tb))) ;; wo[t]
          ;; mode, or 0 (add nothing to the sums) when the count weight of cycle t is 0
          (select (i32.const 0) (i32.load offset=44 (local.get $desc))
            (f64.eq (f64.load (i32.add (i32.load offset=32 (local.get $desc)) (local.get $tb))) (f64.const 0))))
        (if (i32.load offset=80 (local.get $desc)) ;; nProj
          (then
            (call $project
              (i32.load offset=80 (local.get $desc)) (i32.load offset=4 (local.get $desc)) ;; nProj, K
              (i32.load offset=84 (local.get $desc)) (i32.load offset=88 (local.get $desc)) (i32.load offset=92 (local.get $desc)) ;; projRow, projState, projCoef
              (local.get $next)
              (i32.add (i32.load offset=96 (local.get $desc)) (i32.mul (local.get $t) (i32.load offset=100 (local.get $desc))))))) ;; G + t × GB
        (if (i32.load offset=200 (local.get $desc)) ;; nVar
          (then (call $varying (local.get $desc) (local.get $cur) (local.get $next) (local.get $tb))))
        ;; the counts after cycle t are the counts before cycle t + 1
        (local.set $tmp (local.get $cur))
        (local.set $cur (local.get $next))
        (local.set $next (local.get $tmp))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $cycles))))

  ;; dynflows: the transition values that change between cycles, for cycle t (tb = 8 t), item by
  ;; item in the order of addDynamicTransitions (run/cycles.ts), each item one transition × lane:
  ;;   flow = cur[from] × p[pos]; if flow ≠ 0: x = flow × coef; TU[acc] += x; TD[acc] += x × d,
  ;; d the discount factor of cycle t at the item's rate (dc[t], dO[t], or 1). Scalar: items of
  ;; lanes of one strategy add into the same sums, in this order.
  (func $dynflows (param $desc i32) (param $cur i32) (param $tb i32)
    (local $i i32) (local $n i32) (local $i4 i32) (local $o i32) (local $rate i32)
    (local $p i32) (local $from i32) (local $at i32) (local $acc i32) (local $rates i32) (local $coef i32) (local $TU i32) (local $TD i32)
    (local $flow f64) (local $x f64) (local $dc f64) (local $dO f64)
    (local.set $n (i32.load offset=168 (local.get $desc)))
    (local.set $p (i32.load offset=16 (local.get $desc)))
    (local.set $from (i32.load offset=172 (local.get $desc)))
    (local.set $at (i32.load offset=176 (local.get $desc)))
    (local.set $acc (i32.load offset=180 (local.get $desc)))
    (local.set $rates (i32.load offset=184 (local.get $desc)))
    (local.set $coef (i32.load offset=188 (local.get $desc)))
    (local.set $TU (i32.load offset=192 (local.get $desc)))
    (local.set $TD (i32.load offset=196 (local.get $desc)))
    (local.set $dc (f64.load (i32.add (i32.load offset=72 (local.get $desc)) (local.get $tb))))
    (local.set $dO (f64.load (i32.add (i32.load offset=76 (local.get $desc)) (local.get $tb))))
    (local.set $i (i32.const 0))
    (block $done
      (loop $items
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $i4 (i32.shl (local.get $i) (i32.const 2)))
        (local.set $flow (f64.mul
          (f64.load (i32.add (local.get $cur) (i32.load (i32.add (local.get $from) (local.get $i4)))))
          (f64.load (i32.add (local.get $p) (i32.load (i32.add (local.get $at) (local.get $i4)))))))
        (if (f64.ne (local.get $flow) (f64.const 0))
          (then
            (local.set $x (f64.mul (local.get $flow)
              (f64.load (i32.add (local.get $coef) (i32.shl (local.get $i) (i32.const 3))))))
            (local.set $o (i32.load (i32.add (local.get $acc) (local.get $i4))))
            (local.set $rate (i32.load (i32.add (local.get $rates) (local.get $i4))))
            (f64.store (i32.add (local.get $TU) (local.get $o))
              (f64.add (f64.load (i32.add (local.get $TU) (local.get $o))) (local.get $x)))
            (f64.store (i32.add (local.get $TD) (local.get $o))
              (f64.add (f64.load (i32.add (local.get $TD) (local.get $o)))
                (f64.mul (local.get $x)
                  (select (local.get $dc)
                    (select (local.get $dO) (f64.const 1) (i32.eq (local.get $rate) (i32.const 1)))
                    (i32.eqz (local.get $rate))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $items))))

  ;; varying: the state values that change between cycles, for cycle t (tb = 8 t), item by item in
  ;; the order of addVaryingValues (run/cycles.ts), each item one state value × lane, with m0, m1 the
  ;; state's counts before and after the cycle (a state with tunnels: its tunnels' counts summed from 0
  ;; in tunnel order, as `aggregate` sums them; one tunnel: the count itself), a = alpha[t], b = beta[t]:
  ;;   SU[acc] += coef × (a × m0 + b × m1);  SD[acc] += coef × (a × D0 × m0 + b × D1 × m1),
  ;; D0, D1 the discount factors of cycles t − 1 and t at the item's rate (1 for none).
  (func $varying (param $desc i32) (param $cur i32) (param $next i32) (param $tb i32)
    (local $i i32) (local $n i32) (local $i4 i32) (local $o i32) (local $s i32) (local $rate i32)
    (local $dcAt i32) (local $dOAt i32) (local $SU i32) (local $SD i32)
    (local $a f64) (local $b f64) (local $m0 f64) (local $m1 f64) (local $x f64) (local $d0 f64) (local $d1 f64)
    (local $nt i32) (local $q i32) (local $KB i32)
    (local.set $n (i32.load offset=200 (local.get $desc)))
    (local.set $KB (i32.shl (i32.load offset=4 (local.get $desc)) (i32.const 3)))
    (local.set $a (f64.load (i32.add (i32.load offset=228 (local.get $desc)) (local.get $tb))))
    (local.set $b (f64.load (i32.add (i32.load offset=232 (local.get $desc)) (local.get $tb))))
    (local.set $dcAt (i32.add (i32.load offset=72 (local.get $desc)) (local.get $tb)))
    (local.set $dOAt (i32.add (i32.load offset=76 (local.get $desc)) (local.get $tb)))
    (local.set $SU (i32.load offset=220 (local.get $desc)))
    (local.set $SD (i32.load offset=224 (local.get $desc)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $items
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $i4 (i32.shl (local.get $i) (i32.const 2)))
        (local.set $s (i32.load (i32.add (i32.load offset=204 (local.get $desc)) (local.get $i4))))
        (local.set $nt (i32.load (i32.add (i32.load offset=240 (local.get $desc)) (local.get $i4))))
        (if (i32.eq (local.get $nt) (i32.const 1))
          (then
            (local.set $m0 (f64.load (i32.add (local.get $cur) (local.get $s))))
            (local.set $m1 (f64.load (i32.add (local.get $next) (local.get $s)))))
          (else
            (local.set $m0 (f64.const 0))
            (local.set $m1 (f64.const 0))
            (local.set $q (i32.const 0))
            (block $summed
              (loop $tunnels
                (br_if $summed (i32.ge_s (local.get $q) (local.get $nt)))
                (local.set $m0 (f64.add (local.get $m0) (f64.load (i32.add (local.get $cur) (local.get $s)))))
                (local.set $m1 (f64.add (local.get $m1) (f64.load (i32.add (local.get $next) (local.get $s)))))
                (local.set $s (i32.add (local.get $s) (local.get $KB)))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $tunnels)))))
        (local.set $x (f64.load (i32.add (i32.load offset=216 (local.get $desc)) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $o (i32.load (i32.add (i32.load offset=208 (local.get $desc)) (local.get $i4))))
        (local.set $rate (i32.load (i32.add (i32.load offset=212 (local.get $desc)) (local.get $i4))))
        (local.set $d0 (f64.const 1))
        (local.set $d1 (f64.const 1))
        (if (i32.eqz (local.get $rate))
          (then
            (local.set $d0 (f64.load offset=0 (i32.sub (local.get $dcAt) (i32.const 8))))
            (local.set $d1 (f64.load (local.get $dcAt)))))
        (if (i32.eq (local.get $rate) (i32.const 1))
          (then
            (local.set $d0 (f64.load offset=0 (i32.sub (local.get $dOAt) (i32.const 8))))
            (local.set $d1 (f64.load (local.get $dOAt)))))
        (f64.store (i32.add (local.get $SU) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $SU) (local.get $o)))
            (f64.mul (local.get $x)
              (f64.add (f64.mul (local.get $a) (local.get $m0)) (f64.mul (local.get $b) (local.get $m1))))))
        (f64.store (i32.add (local.get $SD) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $SD) (local.get $o)))
            (f64.mul (local.get $x)
              (f64.add
                (f64.mul (f64.mul (local.get $a) (local.get $d0)) (local.get $m0))
                (f64.mul (f64.mul (local.get $b) (local.get $d1)) (local.get $m1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $items))))

  ;; settle: lane k's probabilities that formulas compute are copied from its environment
  ;; (p[dynPos[j]][k] ← work[dynSrc[j]], j < n), then each of its nRows listed rows is checked and
  ;; completed by THE ROW RULE of src/model/run/settle.ts (read it there; this is its fast path):
  ;; every probability other than the complement in [lo, hi]; the complement set to 1 − sum, or to
  ;; 0 if it is below 0 by at most the row tolerance; a row without complement summing to 1 within
  ;; the row tolerance. Returns −1, or the first row that fails: the TypeScript check then runs on
  ;; that lane and reports it with its place, cycle and value.
  (func $settle (export "settle") (param $desc i32) (param $k i32) (param $n i32) (param $nRows i32) (result i32)
    (local $dynSrc i32) (local $dynPos i32) (local $work i32) (local $p i32) (local $rows i32)
    (local $rowStart i32) (local $rowComp i32) (local $entryPos i32) (local $tol i32)
    (local $j i32) (local $KB i32) (local $kOff i32) (local $row i32) (local $comp i32) (local $e i32) (local $eEnd i32)
    (local $lo f64) (local $hi f64) (local $rowTol f64) (local $sum f64) (local $v f64) (local $c f64)
    ;; lane k's lists: base + k × stride
    (local.set $dynSrc (i32.add (i32.load offset=124 (local.get $desc)) (i32.mul (local.get $k) (i32.load offset=132 (local.get $desc)))))
    (local.set $dynPos (i32.add (i32.load offset=128 (local.get $desc)) (i32.mul (local.get $k) (i32.load offset=132 (local.get $desc)))))
    (local.set $rows (i32.add (i32.load offset=136 (local.get $desc)) (i32.mul (local.get $k) (i32.load offset=140 (local.get $desc)))))
    (local.set $work (i32.add (i32.load offset=144 (local.get $desc)) (i32.mul (local.get $k) (i32.load offset=148 (local.get $desc)))))
    (local.set $p (i32.load offset=16 (local.get $desc)))
    (local.set $KB (i32.shl (i32.load offset=4 (local.get $desc)) (i32.const 3)))
    (local.set $kOff (i32.shl (local.get $k) (i32.const 3)))
    (local.set $rowStart (i32.load offset=152 (local.get $desc)))
    (local.set $rowComp (i32.load offset=156 (local.get $desc)))
    (local.set $entryPos (i32.load offset=160 (local.get $desc)))
    (local.set $tol (i32.load offset=164 (local.get $desc)))
    (local.set $lo (f64.load (local.get $tol)))
    (local.set $hi (f64.load offset=8 (local.get $tol)))
    (local.set $rowTol (f64.load offset=16 (local.get $tol)))
    ;; copy the computed probabilities into p
    (local.set $j (i32.const 0))
    (block $copied
      (loop $copy
        (br_if $copied (i32.ge_s (local.get $j) (local.get $n)))
        (f64.store
          (i32.add (i32.add (local.get $p)
            (i32.mul (i32.load (i32.add (local.get $dynPos) (i32.shl (local.get $j) (i32.const 2)))) (local.get $KB))) (local.get $kOff))
          (f64.load (i32.add (local.get $work)
            (i32.shl (i32.load (i32.add (local.get $dynSrc) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 3)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $copy)))
    ;; check and complete the rows
    (local.set $j (i32.const 0))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_s (local.get $j) (local.get $nRows)))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $comp (i32.load (i32.add (local.get $rowComp) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $e (i32.load (i32.add (local.get $rowStart) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $eEnd (i32.load offset=4 (i32.add (local.get $rowStart) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $sum (f64.const 0))
        (block $entries_done
          (loop $entries
            (br_if $entries_done (i32.ge_s (local.get $e) (local.get $eEnd)))
            (if (i32.ne (local.get $e) (local.get $comp))
              (then
                (local.set $v (f64.load (i32.add (i32.add (local.get $p)
                  (i32.mul (i32.load (i32.add (local.get $entryPos) (i32.shl (local.get $e) (i32.const 2)))) (local.get $KB))) (local.get $kOff))))
                ;; outside [lo, hi], or NaN: report the row
                (if (i32.eqz (i32.and (f64.ge (local.get $v) (local.get $lo)) (f64.le (local.get $v) (local.get $hi))))
                  (then (return (local.get $row))))
                (local.set $sum (f64.add (local.get $sum) (local.get $v)))))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $entries)))
        (if (i32.ge_s (local.get $comp) (i32.const 0))
          (then ;; the complement: 1 − sum, 0 if just below 0, else the row fails
            (local.set $c (f64.sub (f64.const 1) (local.get $sum)))
            (if (i32.eqz (f64.ge (local.get $c) (f64.neg (local.get $rowTol))))
              (then (return (local.get $row))))
            (f64.store
              (i32.add (i32.add (local.get $p)
                (i32.mul (i32.load (i32.add (local.get $entryPos) (i32.shl (local.get $comp) (i32.const 2)))) (local.get $KB))) (local.get $kOff))
              (select (local.get $c) (f64.const 0) (f64.ge (local.get $c) (f64.const 0)))))
          (else ;; no complement: the row must sum to 1
            (if (i32.eqz (f64.le (f64.abs (f64.sub (local.get $sum) (f64.const 1))) (local.get $rowTol)))
              (then (return (local.get $row))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows_loop)))
    (i32.const -1))
)
