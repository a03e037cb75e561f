package org.sealpost.ca.lint;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/** Copies a good TBSCertificate with exactly one thing changed, to show a rule rejects it. */
record TbsMutator(TBSCertificate tbs) {

    TbsMutator serial(BigInteger serial) {
        return with(g -> g.setSerialNumber(new ASN1Integer(serial)));
    }

    TbsMutator signature(AlgorithmIdentifier alg) {
        return with(g -> g.setSignature(alg));
    }

    TbsMutator validity(Duration periodFromStart) {
        Date start = tbs.getStartDate().getDate();
        return with(g -> g.setEndDate(new Time(Date.from(start.toInstant().plus(periodFromStart).minusSeconds(1)))));
    }

    TbsMutator subject(X500Name name) {
        return with(g -> g.setSubject(name));
    }

    TbsMutator key(SubjectPublicKeyInfo spki) {
        return with(g -> g.setSubjectPublicKeyInfo(spki));
    }

    TbsMutator extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        List<Extension> exts = others(oid);
        try {
            exts.add(new Extension(oid, critical, new DEROctetString(value.toASN1Primitive().getEncoded("DER"))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return extensions(exts);
    }

    TbsMutator without(ASN1ObjectIdentifier oid) {
        return extensions(others(oid));
    }

    private List<Extension> others(ASN1ObjectIdentifier oid) {
        List<Extension> out = new ArrayList<>();
        for (ASN1ObjectIdentifier o : tbs.getExtensions().getExtensionOIDs()) {
            if (!o.equals(oid)) {
                out.add(tbs.getExtensions().getExtension(o));
            }
        }
        return out;
    }

    private TbsMutator extensions(List<Extension> exts) {
        return with(g -> g.setExtensions(new Extensions(exts.toArray(Extension[]::new))));
    }

    private TbsMutator with(java.util.function.Consumer<V3TBSCertificateGenerator> change) {
        V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
        g.setSerialNumber(tbs.getSerialNumber());
        g.setSignature(tbs.getSignature());
        g.setIssuer(tbs.getIssuer());
        g.setStartDate(tbs.getStartDate());
        g.setEndDate(tbs.getEndDate());
        g.setSubject(tbs.getSubject());
        g.setSubjectPublicKeyInfo(tbs.getSubjectPublicKeyInfo());
        g.setExtensions(tbs.getExtensions());
        change.accept(g);
        return new TbsMutator(g.generateTBSCertificate());
    }
}
