import java.io.File;
import java.util.HashSet;
import java.util.Set;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

/** Reads an ontology with the OWL API on the class path and prints its OWL 2 DL profile violations,
 *  the properties it reads as both object and data properties, and its counts. */
public class OwlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) System.out.println("violation\t" + v);
        Set<IRI> objects = new HashSet<IRI>();
        for (OWLObjectProperty p : ontology.getObjectPropertiesInSignature()) objects.add(p.getIRI());
        int both = 0;
        for (OWLDataProperty p : ontology.getDataPropertiesInSignature()) {
            if (objects.contains(p.getIRI())) { System.out.println("read-both-ways\t" + p.getIRI()); both++; }
        }
        System.out.println("violations\t" + report.getViolations().size());
        System.out.println("both\t" + both);
        System.out.println("individuals\t" + ontology.getIndividualsInSignature().size());
    }
}
