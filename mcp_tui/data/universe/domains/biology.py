"""Biology and genetics: sequences, genes, proteins, species and populations."""

from mcp_tui.data.universe.fields import date, ident
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Measure, Pick

D = "biology"
DNA = Pick(("ATGCGTACGTTAGC", "GGCTTAACGATCGA", "ATGAAACCCGGGTTT", "TTAGGCATGCATCG", "ATGGCCATTGTAATG"), quote=0.5)
ORGANISM = Choice((("human", "human", "Homo sapiens"), ("mouse", "mouse"), ("zebrafish", "zebrafish"),
                   ("yeast", "yeast"), ("e_coli", "E. coli")))
GENES = Pick(("BRCA1", "TP53", "CFTR", "APOE", "EGFR", "MYC"))
SPECIES = Pick(("Panthera leo", "Quercus robur", "Apis mellifera", "Ailuropoda melanoleuca", "Canis lupus"), quote=0.3)

dna = F("sequence", DNA, label="DNA sequence", ask="which sequence")

CAPS = (
    cap(D, "reverse complement", "get the reverse complement of a DNA sequence", [dna],
        frames=("get the reverse complement of {sequence}",)),
    cap(D, "translate dna", "translate a DNA sequence into protein", [dna],
        [F("frame", Count(1, 3), "in reading frame {v}", default=1)],
        frames=("translate {sequence} into a protein{args}",)),
    cap(D, "calculate gc content", "compute the GC content of a sequence", [dna],
        frames=("compute the GC content of {sequence}",), asks=("What's the GC content of {sequence}?",)),
    cap(D, "get gene info", "get information about a gene", [F("gene", GENES, label="gene symbol")],
        [F("organism", ORGANISM, "in {v}", default="human")],
        frames=("get info on the {gene} gene{args}", "look up {gene}{args}"), asks=("What does {gene} do{args}?",)),
    cap(D, "search proteins", "search a protein database",
        [F("query", Pick(("insulin", "hemoglobin", "collagen", "keratin", "myosin")), label="protein name")],
        [F("organism", ORGANISM, "in {v}"), F("limit", Count(1, 20), "(top {v})")],
        frames=("search proteins for {query}{args}",)),
    cap(D, "align sequences", "align two DNA sequences",
        [F("sequence a", DNA, label="first sequence"), F("sequence b", DNA, label="second sequence")],
        [F("mode", Choice((("global", "globally"), ("local", "locally"))), "{v}", default="global")],
        frames=("align {sequence_a} and {sequence_b}{args}",)),
    cap(D, "get species info", "get a species' taxonomy and conservation status", [F("species", SPECIES)],
        frames=("get information on {species}",), asks=("What's the conservation status of {species}?",)),
    cap(D, "find variants", "find known variants of a gene", [F("gene", GENES, label="gene symbol")],
        [F("significance", Choice((("pathogenic",), ("benign",), ("uncertain",))), "that are {v}"),
         F("limit", Count(3, 50), "(first {v})")],
        frames=("find variants of {gene}{args}",)),
    cap(D, "population growth", "project exponential population growth",
        [F("initial population", Count(10, 10000), label="starting population"),
         F("growth rate", Decimal(0.01, 0.5, 2), label="growth rate per generation"),
         F("generations", Count(2, 50))],
        frames=("project a population of {initial_population} growing {growth_rate} per generation for "
                "{generations} generations",)),
    cap(D, "calculate doubling time", "compute a culture's doubling time",
        [F("initial count", Count(100, 10000), label="initial cell count"),
         F("final count", Count(20000, 900000), label="final cell count"),
         F("elapsed", Measure("h", 1, 72, ("min",)), label="elapsed time")],
        frames=("compute the doubling time from {initial_count} to {final_count} cells in {elapsed}",)),
    cap(D, "transcribe dna", "transcribe DNA into RNA", [dna], frames=("transcribe {sequence} into RNA",)),
    cap(D, "find restriction sites", "find restriction enzyme cut sites in a sequence",
        [dna, F("enzyme", Choice((("EcoRI",), ("BamHI",), ("HindIII",))), label="enzyme")],
        frames=("find {enzyme} sites in {sequence}",)),
    cap(D, "get taxonomy", "get the taxonomic lineage of a species", [F("species", SPECIES)],
        [F("rank", Choice((("family",), ("order",), ("class",))), "up to {v}")],
        frames=("get the taxonomy of {species}{args}",)),
    cap(D, "calculate hardy weinberg", "compute Hardy-Weinberg genotype frequencies",
        [F("allele frequency", Decimal(0.05, 0.95, 2), label="frequency of the dominant allele")],
        frames=("compute Hardy-Weinberg frequencies for p = {allele_frequency}",)),
    cap(D, "predict protein mass", "predict a protein's molecular weight from its sequence",
        [F("protein", Pick(("MKTAYIAKQR", "GAVLIPFMW", "MEEPQSDPSV")), label="amino-acid sequence")],
        frames=("predict the mass of protein {protein}",)),
    cap(D, "find orthologs", "find a gene's orthologs in another organism",
        [F("gene", GENES, label="gene symbol"), F("target organism", ORGANISM, "in {v}")],
        frames=("find orthologs of {gene}{args}",)),
    *resource(D, "sample", "samples", ident("sample id", "SMP", digits=6, label="sample ID"),
              fields=[F("organism", ORGANISM, "from {v}", ask="which organism"),
                      F("tissue", Pick(("blood", "liver", "leaf", "root", "saliva")), "({v})"),
                      F("volume", Measure("ml", 0.5, 50, ()), "of {v}", label="sample volume"),
                      date("collected", "collected {v}", lo=-30, hi=0, label="collection date")],
              filters=[F("organism", ORGANISM, "from {v}"), F("tissue", Pick(("blood", "liver", "leaf")), "of {v}")],
              create_required=2, search_required=0, verbs={"create": "register", "delete": "discard"},
              ops="search get create update delete"),
)

QUESTIONS = (
    ("What's the difference between DNA and RNA?",
     "DNA is double-stranded, uses thymine and stores genetic information; RNA is usually single-stranded, uses "
     "uracil and carries or helps express that information."),
    ("What do mitochondria do?", "They produce most of a cell's ATP through cellular respiration."),
    ("What is a codon?", "A sequence of three nucleotides that codes for one amino acid or a stop signal."),
)

DOMAIN = Domain(D, "Bio", ("bio", "genomics", "bioinformatics"), CAPS, QUESTIONS, vendors=("ncbi", "ensembl"),
                related=("chemistry", "health"))
